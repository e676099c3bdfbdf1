// Renderer entry: mounts the app on the transport this window has (Electron IPC or HTTP).
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createClient } from './api/client.js'
import { App } from './app.js'
import './styles/index.css'

const root = document.getElementById('root')
if (!root) throw new Error('missing #root')
createRoot(root).render(
  <StrictMode>
    <App client={createClient()} />
  </StrictMode>,
)
