// The tray app's own command-line flag: `--secret-store keychain|file`, as `switchboard serve` takes it, so the
// advice in the no-keychain warning works for the app too.
export function secretStoreFlag(argv: readonly string[]): 'keychain' | 'file' | undefined {
  for (const [i, arg] of argv.entries()) {
    const value = arg === '--secret-store' ? argv[i + 1] : /^--secret-store=(.*)$/.exec(arg)?.[1]
    if (value === 'keychain' || value === 'file') return value
  }
  return undefined
}
