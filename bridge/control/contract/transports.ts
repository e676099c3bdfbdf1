// Where the control contract is served: the HTTP prefix and token header, the UI link's token parameter, and
// the IPC channels.
/**
 * HTTP transport: POST {CONTROL_PREFIX}/{method} with an application/json body; events at GET
 * {CONTROL_PREFIX}/events (SSE, each message a JSON array of events). Every call carries the control token in
 * CONTROL_TOKEN_HEADER; the browser UI receives it once in the link's fragment (#token=…) and keeps it in
 * sessionStorage, which is scoped to the gateway's own origin (cookies are not scoped by port).
 */
export const CONTROL_PREFIX = '/control/api'
export const CONTROL_TOKEN_HEADER = 'x-switchboard-control'
/** The UI link: /ui/#token=… (a fragment never reaches a server, a log or a Referer). */
export const CONTROL_UI_TOKEN_PARAM = 'token'
/** IPC transport: ipcRenderer.invoke(`${IPC_PREFIX}${method}`, arg); events on IPC_EVENT_CHANNEL. */
export const IPC_PREFIX = 'control:'
export const IPC_EVENT_CHANNEL = 'control:event'
