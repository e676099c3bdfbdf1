// Snippets for the UI: the CLI's three plus Roo Code, Cline, Continue and the two SDKs.
import { codexBlocks, snippet } from '../snippets/snippets.js'
import type { Snippet } from './contract/settings-views.js'

export function allSnippets(root: string, accessKey: string, model = 'gpt-5.5'): Snippet[] {
  const v1 = `${root}/v1`
  return [
    {
      id: 'claude',
      title: 'Claude Code',
      language: 'sh',
      text: snippet('claude', { baseUrl: root, accessKey }),
    },
    {
      id: 'codex',
      title: 'Codex CLI',
      language: 'toml',
      text: snippet('codex', { baseUrl: root, accessKey, model }),
      blocks: codexBlocks(root, { baseUrl: root, accessKey, model }),
    },
    {
      id: 'openai',
      title: 'OpenAI-compatible tools',
      language: 'sh',
      text: snippet('openai', { baseUrl: root, accessKey }),
    },
    {
      id: 'roo',
      title: 'Roo Code',
      language: 'text',
      text: `API Provider: OpenAI Compatible\nBase URL: ${v1}\nAPI Key: ${accessKey}\nModel: ${model}`,
    },
    {
      id: 'cline',
      title: 'Cline',
      language: 'text',
      text: `API Provider: OpenAI Compatible\nBase URL: ${v1}\nAPI Key: ${accessKey}\nModel ID: ${model}`,
    },
    {
      id: 'continue',
      title: 'Continue (config.yaml)',
      language: 'yaml',
      text: `models:\n  - name: Switchboard\n    provider: openai\n    model: ${model}\n    apiBase: ${v1}\n    apiKey: ${accessKey}\n    roles: [chat, edit, apply]`,
    },
    {
      id: 'openai-sdk',
      title: 'OpenAI SDK (TypeScript)',
      language: 'js',
      text: `import OpenAI from 'openai'\n\nconst client = new OpenAI({ baseURL: '${v1}', apiKey: '${accessKey}' })\nconst res = await client.responses.create({ model: '${model}', input: 'Hello' })\nconsole.log(res.output_text)`,
    },
    {
      id: 'anthropic-sdk',
      title: 'Anthropic SDK (TypeScript)',
      language: 'js',
      text: `import Anthropic from '@anthropic-ai/sdk'\n\nconst client = new Anthropic({ baseURL: '${root}', apiKey: '${accessKey}' })\nconst msg = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] })\nconsole.log(msg.content)`,
    },
  ]
}
