// A copy-to-clipboard button that confirms for a moment, for keys, URLs, snippets and curl commands.
import { useEffect, useRef, useState } from 'react'
import { copyText } from '../lib/clipboard.js'
import { Icon } from './icons.js'

export interface CopyButtonProps {
  text: string | (() => string)
  label?: string
  /** Spoken name; defaults to the label. */
  ariaLabel?: string
  variant?: 'default' | 'primary' | 'ghost'
  small?: boolean
}

export function CopyButton({
  text,
  label = 'Copy',
  ariaLabel,
  variant = 'default',
  small,
}: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const onClick = async () => {
    try {
      await copyText(typeof text === 'function' ? text() : text)
      setState('copied')
    } catch {
      setState('failed')
    }
    clearTimeout(timer.current)
    timer.current = setTimeout(() => setState('idle'), 1600)
  }

  const shown = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label
  return (
    <button
      type="button"
      className={`btn btn-${variant}${small ? ' btn-sm' : ''}${state === 'copied' ? ' is-done' : ''}`}
      onClick={() => void onClick()}
      aria-label={ariaLabel ?? label}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} size={small ? 14 : 16} />
      <span>{shown}</span>
      <span className="sr-only" role="status">
        {state === 'copied' ? 'Copied to clipboard' : ''}
      </span>
    </button>
  )
}
