// Types for scripts/front-end.mjs, so the tests can import it.
export interface ElectronStatus {
  ok: boolean
  reason: string
}
export interface FrontEndChoice {
  kind: 'tray' | 'headless'
  reason: string
}
export function electronStatusFile(root: string): string
export function electronBinary(root: string): string | undefined
export function readElectronStatus(root: string): ElectronStatus | undefined
export function chooseFrontEnd(inputs: {
  electron: string | undefined
  status: ElectronStatus | undefined
  env: Record<string, string | undefined>
  platform: string
  args: readonly string[]
}): FrontEndChoice
