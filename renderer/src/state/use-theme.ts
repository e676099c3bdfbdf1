// Applies settings.ui.theme to the document; 'system' leaves it to prefers-color-scheme.
import { useEffect } from 'react'
import { useAppState } from './app-state.js'

export function useTheme(): void {
  const theme = useAppState().settings?.ui?.theme ?? 'system'
  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset['theme']
    else root.dataset['theme'] = theme
  }, [theme])
}
