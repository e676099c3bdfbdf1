// Runs once before any test file: compiles the gateway the process-level tests spawn, when this run has one of
// them and dist/ is missing or stale. Here no hook timeout applies and parallel files do not compile it each.
import type { TestProject } from 'vitest/node'
import { buildCli, needsBuiltCli } from './helpers/built-cli.js'

export default async function setup(project: TestProject): Promise<void> {
  const { testFiles } = await project.globTestFiles(project.vitest.config.filters)
  if (needsBuiltCli(testFiles)) await buildCli()
}
