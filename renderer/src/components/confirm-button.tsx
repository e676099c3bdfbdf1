// A destructive action that asks for a second click instead of a modal dialog.
import { useEffect, useRef, useState, type ReactNode } from 'react'

export function ConfirmButton({
  children,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  children: ReactNode
  confirmLabel: string
  onConfirm: () => void
  disabled?: boolean
}) {
  const [armed, setArmed] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  return (
    <button
      type="button"
      className={`btn${armed ? ' btn-danger-solid' : ''}`}
      disabled={disabled}
      onClick={() => {
        clearTimeout(timer.current)
        if (armed) {
          setArmed(false)
          onConfirm()
          return
        }
        setArmed(true)
        timer.current = setTimeout(() => setArmed(false), 4000)
      }}
    >
      {armed ? confirmLabel : children}
    </button>
  )
}
