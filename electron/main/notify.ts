// Desktop notifications, with an optional action button (macOS, Windows) that a click on the notification also triggers.
import { Notification } from 'electron'

export interface NotifyOptions {
  title: string
  body: string
  action?: { text: string; run: () => void }
}

export type Notifier = (options: NotifyOptions) => void

// A notification that is garbage-collected loses its click handlers; hold each until it closes.
const live = new Set<Notification>()

export const notify: Notifier = (options) => {
  if (!Notification.isSupported()) {
    console.error(`switchboard: ${options.title}: ${options.body}`)
    return
  }
  const note = new Notification({
    title: options.title,
    body: options.body,
    ...(options.action
      ? { actions: [{ type: 'button' as const, text: options.action.text }] }
      : {}),
  })
  const action = options.action
  if (action) {
    let done = false
    const once = (): void => {
      if (done) return
      done = true
      action.run()
    }
    note.on('action', once)
    note.on('click', once)
  }
  live.add(note)
  note.on('close', () => live.delete(note))
  note.show()
}
