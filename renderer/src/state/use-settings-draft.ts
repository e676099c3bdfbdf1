// The one settings draft for the whole app: every page edits it, Save (or Ctrl/Cmd+S) sends the whole document,
// problems are found as the user types, and API keys for providers not saved yet are stored with the Save.
import {
  createContext,
  createElement,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import type { Settings } from '../../../bridge/config/schema.js'
import { ControlError, errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'
import { useAppState } from './app-state.js'
import { draftProblems, type DraftProblem } from './draft-problems.js'
import { serverProblemAt, serverProblems, type ServerProblem } from './server-problems.js'

export interface SettingsDraft {
  draft: Settings | undefined
  dirty: boolean
  saving: boolean
  /** What the gateway refused on the last Save. */
  errors: string[]
  warnings: string[]
  /** What is wrong with the draft now, field by field. */
  problems: DraftProblem[]
  /** Whether Save was tried with problems: then the fields show them even before they are touched again. */
  attempted: boolean
  savedAt: number | undefined
  problemAt: (path: string) => string | undefined
  /** Applies a change to a deep copy of the draft. */
  edit: (change: (d: Settings) => void) => void
  save: () => Promise<boolean>
  discard: () => void
  /** Keys typed for providers that are not saved yet, by provider id; stored right after the settings. */
  pendingKeys: ReadonlyMap<string, string>
  setPendingKey: (providerId: string, key: string | undefined) => void
}

const DraftContext = createContext<SettingsDraft | null>(null)

/** Focuses the first field marked invalid, after React has rendered the marks. */
function focusFirstInvalid(): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('[aria-invalid="true"]')
    el?.focus()
    el?.scrollIntoView?.({ block: 'center' })
  })
}

export function SettingsDraftProvider({ children }: { children: ReactNode }) {
  const client = useClient()
  const { settings, setSettings } = useAppState()
  const [draft, setDraft] = useState<Settings | undefined>(settings)
  const [dirty, setDirty] = useState(false)
  const [saving, setSaving] = useState(false)
  const [errors, setErrors] = useState<string[]>([])
  const [refused, setRefused] = useState<ServerProblem[]>([])
  const [warnings, setWarnings] = useState<string[]>([])
  const [attempted, setAttempted] = useState(false)
  const [savedAt, setSavedAt] = useState<number>()
  const [pendingKeys, setPendingKeys] = useState<ReadonlyMap<string, string>>(new Map())

  // Changes saved elsewhere (the tray, another window, a stored key) replace an untouched draft.
  useEffect(() => {
    if (!dirty) setDraft(settings)
  }, [settings, dirty])

  const problems = useMemo(() => (draft ? draftProblems(draft) : []), [draft])

  const edit = useCallback((change: (d: Settings) => void) => {
    setDraft((cur) => {
      if (!cur) return cur
      const next = structuredClone(cur)
      change(next)
      return next
    })
    setDirty(true)
    setSavedAt(undefined)
  }, [])

  const state = useRef({ draft, problems, pendingKeys })
  state.current = { draft, problems, pendingKeys }

  const save = useCallback(async () => {
    const { draft: current, problems: found, pendingKeys: keys } = state.current
    if (!current) return false
    if (found.length > 0) {
      setAttempted(true)
      focusFirstInvalid()
      return false
    }
    setSaving(true)
    setErrors([])
    setRefused([])
    try {
      const result = await client.updateSettings(current)
      let saved = result.settings
      // Now that the provider exists, its key can go to the keychain; the gateway records the reference.
      for (const [id, key] of keys) {
        if (!saved.providers.some((p) => p.id === id)) continue
        await client.setProviderKey({ id, key })
        saved = await client.getSettings()
      }
      setPendingKeys(new Map())
      setWarnings(result.warnings)
      setSettings(saved)
      setDraft(saved)
      setDirty(false)
      setAttempted(false)
      setSavedAt(Date.now())
      return true
    } catch (e) {
      const details = e instanceof ControlError ? e.details : []
      setErrors(details.length > 0 ? [errorText(e), ...details] : [errorText(e)])
      // The fields the gateway named show its message too; everything typed stays in the draft.
      setRefused(serverProblems(details, current))
      return false
    } finally {
      setSaving(false)
    }
  }, [client, setSettings])

  const discard = useCallback(() => {
    setDraft(settings)
    setDirty(false)
    setErrors([])
    setRefused([])
    setAttempted(false)
    setPendingKeys(new Map())
  }, [settings])

  const setPendingKey = useCallback((providerId: string, key: string | undefined) => {
    setPendingKeys((cur) => {
      const next = new Map(cur)
      if (key) next.set(providerId, key)
      else next.delete(providerId)
      return next
    })
    if (key) setDirty(true)
  }, [])

  // Ctrl/Cmd+S saves from anywhere; closing the window with unsaved changes asks first.
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && ev.key.toLowerCase() === 's') {
        ev.preventDefault()
        void save()
      }
    }
    const onUnload = (ev: BeforeUnloadEvent) => {
      if (!dirty) return
      ev.preventDefault()
      ev.returnValue = ''
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('beforeunload', onUnload)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('beforeunload', onUnload)
    }
  }, [save, dirty])

  const problemAt = useCallback(
    (path: string) =>
      problems.find((p) => p.path === path)?.message ?? serverProblemAt(refused, draft, path),
    [problems, refused, draft],
  )

  const value = useMemo<SettingsDraft>(
    () => ({
      draft,
      dirty,
      saving,
      errors,
      warnings,
      problems,
      attempted,
      savedAt,
      problemAt,
      edit,
      save,
      discard,
      pendingKeys,
      setPendingKey,
    }),
    [
      draft,
      dirty,
      saving,
      errors,
      warnings,
      problems,
      attempted,
      savedAt,
      problemAt,
      edit,
      save,
      discard,
      pendingKeys,
      setPendingKey,
    ],
  )
  return createElement(DraftContext.Provider, { value }, children)
}

export function useSettingsDraft(): SettingsDraft {
  const draft = useContext(DraftContext)
  if (!draft) throw new Error('useSettingsDraft outside SettingsDraftProvider')
  return draft
}

/** The draft when there is one (fields outside the settings forms have none). */
export function useOptionalDraft(): SettingsDraft | null {
  return useContext(DraftContext)
}
