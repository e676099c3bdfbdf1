// Renderer entry: mounts the app on the transport this window has (Electron IPC, or HTTP behind the token gate).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { takeControlToken } from './api/control-token.js'
import { createHttpClient } from './api/http-client.js'
import { createIpcClient } from './api/ipc-client.js'
import { App } from './app.js'
import { BrowserGate } from './browser-gate.js'
import './styles/index.css'

const root = document.getElementById('root')
if (!root) throw new Error('missing #root')
const bridge = window.switchboard
createRoot(root).render(
  <StrictMode>
    {bridge ? (
      <App client={createIpcClient(bridge)} />
    ) : (
      <BrowserGate
        initialToken={takeControlToken({
          location: window.location,
          storage: window.sessionStorage,
          history: window.history,
        })}
        makeClient={createHttpClient}
        storage={window.sessionStorage}
        origin={window.location.origin}
        navigate={(url) => window.location.assign(url)}
      />
    )}
  </StrictMode>,
)
