// Electron entry: lifecycle only (single instance, no dock icon, stays alive in the tray); everything else is in createApp().
import './heap-first.js'
import { app } from 'electron'
import { createApp, type AppHandle } from './create-app.js'
import { secretStoreFlag } from './launch-flags.js'
import { HIDDEN_FLAG } from './login-item.js'

app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let handle: AppHandle | undefined
  let quitting = false

  app.on('second-instance', () => handle?.showWindow())
  // The tray keeps the app alive; a listener here is what stops Electron's default quit.
  app.on('window-all-closed', () => undefined)
  app.on('activate', () => handle?.showWindow())
  app.on('before-quit', (event) => {
    if (quitting || !handle) return
    event.preventDefault()
    quitting = true
    void handle.dispose().finally(() => app.quit())
  })

  if (process.platform === 'darwin') app.dock?.hide()
  if (process.platform === 'win32') app.setAppUserModelId('app.switchboard')

  app
    .whenReady()
    .then(async () => {
      const atLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin
      const secretStore = secretStoreFlag(process.argv)
      handle = await createApp({
        hidden: process.argv.includes(HIDDEN_FLAG) || atLogin,
        ...(secretStore ? { secretStore } : {}),
      })
    })
    .catch((error: unknown) => {
      console.error('switchboard: could not start', error)
      app.exit(1)
    })
}
