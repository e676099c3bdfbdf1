// A local, editable copy of the settings for one page; Save sends the whole document to updateSettings.
import { useCallback, useEffect, useState } from 'react'
import type { Settings } from '../../../bridge/config/schema.js'
import { ControlError, errorText } from '../api/control-error.js'
import { useClient } from '../api/client-context.js'
import { useAppState } from './app-state.js'

export interface SettingsDraft {
  draft: Settings | undefined
  dirty: boolean
  saving: boolean
  errors: string[]
  warnings: string[]
  savedAt: number | undefined
  /** Applies a change to a deep copy of the draft. */
  edit: (change: (d: Settings) => void) => void
  save: () => Promise<boolean>
  discard: () => void
}

export function useSettingsDraft(): SettingsDraft {
  const client = useClient()
  const { settings, setSettings } = useAppState()
  const [draft, setDraft] = useState<Settings | undefined>(settings)
  const [dirty, setDirty] = useState(false)
  const [saving, setSaving] = useState(false)
  const [errors, setErrors] = useState<string[]>([])
  const [warnings, setWarnings] = useState<string[]>([])
  const [savedAt, setSavedAt] = useState<number>()

  // Changes saved elsewhere (another page, the tray, another window) replace an untouched draft.
  useEffect(() => {
    if (!dirty) setDraft(settings)
  }, [settings, dirty])

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

  const save = useCallback(async () => {
    if (!draft) return false
    setSaving(true)
    setErrors([])
    try {
      const result = await client.updateSettings(draft)
      setWarnings(result.warnings)
      setSettings(result.settings)
      setDraft(result.settings)
      setDirty(false)
      setSavedAt(Date.now())
      return true
    } catch (e) {
      setErrors(e instanceof ControlError && e.details.length > 0 ? [e.message, ...e.details] : [errorText(e)])
      return false
    } finally {
      setSaving(false)
    }
  }, [client, draft, setSettings])

  const discard = useCallback(() => {
    setDraft(settings)
    setDirty(false)
    setErrors([])
  }, [settings])

  return { draft, dirty, saving, errors, warnings, savedAt, edit, save, discard }
}
