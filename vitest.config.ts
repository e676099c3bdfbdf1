// Test runner configuration: node environment for bridge/ and electron/, jsdom for renderer/.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'bridge/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
})
