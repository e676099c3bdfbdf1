// The browser's way in: the app on the HTTP transport with the kept control token, or the token page when this
// tab has none or the gateway refuses it (it restarted with a new one); a pasted link or token is checked first.
import { useCallback, useMemo, useState } from 'react'
import type { ControlClient } from '../../bridge/control/contract.js'
import { ControlError, errorText } from './api/control-error.js'
import { keepControlToken, readPastedToken } from './api/control-token.js'
import type { HttpClientOptions } from './api/http-client.js'
import { App } from './app.js'
import { TokenPage } from './pages/token-page.js'

export interface BrowserGateProps {
  /** The token kept in this tab (from the link's fragment or an earlier paste). */
  initialToken: string | undefined
  makeClient: (options: HttpClientOptions) => ControlClient
  storage: Pick<Storage, 'setItem'>
  origin: string
  /** Opens a link to another gateway (another port or host). */
  navigate: (url: string) => void
}

export function BrowserGate({
  initialToken,
  makeClient,
  storage,
  origin,
  navigate,
}: BrowserGateProps) {
  const [token, setToken] = useState(initialToken)
  const [refused, setRefused] = useState<string>()
  const client = useMemo(
    () => (token ? makeClient({ token, onUnauthorized: () => setRefused(token) }) : undefined),
    [token, makeClient],
  )

  const tryPaste = useCallback(
    async (text: string): Promise<string | undefined> => {
      const pasted = readPastedToken(text, origin)
      switch (pasted.kind) {
        case 'invalid':
          return pasted.message
        case 'elsewhere':
          navigate(pasted.url)
          return undefined
        case 'token':
          break
      }
      try {
        await makeClient({ token: pasted.token }).gatewayStatus()
      } catch (e) {
        if (e instanceof ControlError && e.status === 401)
          return 'The gateway refused this token: copy the link it printed when it last started.'
        return errorText(e)
      }
      keepControlToken(storage, pasted.token)
      setRefused(undefined)
      setToken(pasted.token)
      return undefined
    },
    [makeClient, navigate, origin, storage],
  )

  if (!client || refused === token)
    return <TokenPage problem={client ? 'refused' : 'missing'} origin={origin} onPaste={tryPaste} />
  return <App client={client} />
}
