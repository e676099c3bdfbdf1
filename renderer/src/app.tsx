// The app shell: providers, sidebar navigation and the current page.
import type { ControlClient } from '../../bridge/control/contract.js'
import { ClientProvider } from './api/client-context.js'
import { GatewayBadge } from './components/gateway-badge.js'
import { HostNotices } from './components/host-notices.js'
import { LeaveDialog } from './components/leave-dialog.js'
import { Icon } from './components/icons.js'
import { LiveLogProvider } from './log/live-log.js'
import { LogPage } from './log/log-page.js'
import { PAGES, useCurrentPage, type PageId } from './nav.js'
import { AccountPage } from './pages/account-page.js'
import { FiltersPage } from './pages/filters-page.js'
import { MappingsPage } from './pages/mappings-page.js'
import { OverviewPage } from './pages/overview-page.js'
import { ProvidersPage } from './pages/providers-page.js'
import { SettingsPage } from './pages/settings-page.js'
import { SnippetsPage } from './pages/snippets-page.js'
import { UsagePage } from './pages/usage-page.js'
import { AppStateProvider, useAppState } from './state/app-state.js'
import { useTheme } from './state/use-theme.js'
import { SettingsDraftProvider } from './state/use-settings-draft.js'
import { useEffect, useRef, type ReactNode } from 'react'

function CurrentPage({ page }: { page: PageId }) {
  switch (page) {
    case 'overview':
      return <OverviewPage />
    case 'account':
      return <AccountPage />
    case 'providers':
      return <ProvidersPage />
    case 'mappings':
      return <MappingsPage />
    case 'filters':
      return <FiltersPage />
    case 'log':
      return <LogPage />
    case 'usage':
      return <UsagePage />
    case 'snippets':
      return <SnippetsPage />
    case 'settings':
      return <SettingsPage />
  }
}

function Sidebar({ page }: { page: PageId }) {
  const { gateway, auth } = useAppState()
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <Icon name="mappings" size={18} />
        </span>
        <span className="brand-name">Switchboard</span>
      </div>
      <nav aria-label="Main">
        <ul className="nav">
          {PAGES.map((p) => (
            <li key={p.id}>
              <a
                href={`#/${p.id}`}
                title={p.label}
                className={`nav-item${p.id === page ? ' is-active' : ''}`}
                aria-current={p.id === page ? 'page' : undefined}
              >
                <Icon name={p.icon} />
                <span>{p.label}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-foot">
        <div className="sidebar-status">
          <GatewayBadge status={gateway} />
          <span className="dim small ellipsis">
            {gateway?.url?.replace(/^https?:\/\//, '') ?? ''}
          </span>
        </div>
        <div className="dim small ellipsis">
          {auth?.signedIn ? (auth.email ?? 'Signed in') : 'Not signed in'}
        </div>
      </div>
    </aside>
  )
}

function Shell() {
  useTheme()
  const page = useCurrentPage()
  const main = useRef<HTMLElement>(null)
  const first = useRef(true)
  // After navigation, screen readers and keyboard users continue from the new page, not the old link.
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    if (main.current) main.current.scrollTop = 0
    main.current?.focus({ preventScroll: true })
  }, [page])
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar page={page} />
      <main id="main" className="main" tabIndex={-1} ref={main}>
        <HostNotices />
        <CurrentPage page={page} />
      </main>
      <LeaveDialog />
    </div>
  )
}

/** Everything that needs the client, for the app and for tests that mount one page. */
export function Providers({ client, children }: { client: ControlClient; children: ReactNode }) {
  return (
    <ClientProvider client={client}>
      <AppStateProvider>
        <SettingsDraftProvider>
          <LiveLogProvider>{children}</LiveLogProvider>
        </SettingsDraftProvider>
      </AppStateProvider>
    </ClientProvider>
  )
}

export function App({ client }: { client: ControlClient }) {
  return (
    <Providers client={client}>
      <Shell />
    </Providers>
  )
}
