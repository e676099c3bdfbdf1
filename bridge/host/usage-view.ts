// ChatGPT usage windows as the UI and tray show them: primary = the 5-hour window, secondary = weekly.
import type {
  UsageWindows as BackendWindows,
  UsageWindow as BackendWindow,
} from '../upstream/chatgpt/index.js'
import type { UsageWindow, UsageWindows } from '../control/contract/accounts.js'

function view(w: BackendWindow | undefined): UsageWindow | undefined {
  return w
    ? {
        usedPercent: w.usedPercent,
        windowMinutes: w.windowMinutes,
        resetsAt: w.resetsAt.toISOString(),
      }
    : undefined
}

export function toUsageView(w: BackendWindows | undefined): UsageWindows | undefined {
  if (!w) return undefined
  const out: UsageWindows = { updatedAt: w.updatedAt.toISOString() }
  const primary = view(w.fiveHour ?? w.primary)
  const secondary = view(w.weekly ?? w.secondary)
  if (primary) out.primary = primary
  if (secondary) out.secondary = secondary
  return out
}
