// The `chatgpt` upstream: ChatGPT subscription through chatgpt.com/backend-api/codex (codex-backend.md §2–§4).
export { chatgptResponsesUrl, DEFAULT_CHATGPT_BASE_URL, prepareChatgptCall } from './call.js'
export type { ChatgptCall, ChatgptCallInput, ChatgptCallSettings } from './call.js'
export { conversationKeyFor, sessionFromUserId, uuidFromText } from './conversation-key.js'
export type { ConversationKey, ConversationKeySource } from './conversation-key.js'
export {
  chatgptHttpError,
  chatgptStreamError,
  DEFAULT_SIGN_IN_HINT,
  isAuthFailure,
  usageLimitError,
} from './errors.js'
export type { ChatgptErrorOptions } from './errors.js'
export { chatgptHeaders, DEFAULT_CLIENT_VERSION, DEFAULT_ORIGINATOR } from './headers.js'
export type { ChatgptHeaderInput, ChatgptHeaderOptions, SessionHeaderStyle } from './headers.js'
export {
  BUILTIN_MODELS,
  checkEffort,
  CLAUDE_FAMILY_DEFAULTS,
  claudeFamily,
  mapModelName,
  nearestEffort,
  parseModelsResponse,
} from './model-catalog.js'
export type { ChatgptModelInfo, ClaudeFamily, EffortCheck, EffortPolicy } from './model-catalog.js'
export { ChatgptModels } from './models.js'
export type { ChatgptModelsOptions, ModelsSnapshot } from './models.js'
export { ACCEPTED_FIELDS, shapeChatgptBody } from './shape-request.js'
export type { ShapedRequest, ShapeOptions, SystemPromptPlacement } from './shape-request.js'
export {
  describeWindow,
  formatReset,
  usageFromRateLimits,
  parseUsageHeaders,
  windowLabel,
} from './usage-limits.js'
export type { UsageWindow, UsageWindows } from './usage-limits.js'
export { UsageTracker } from './usage-tracker.js'
export type { StoredAccountUsage, StoredWindow, UsageListener } from './usage-tracker.js'
export { forecast } from './burn-rate.js'
export type { Forecast, UsageSample, WindowKind } from './burn-rate.js'
