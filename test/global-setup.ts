/**
 * Vitest global setup: compile src/ to dist/ once (`tsc -p tsconfig.json`), so that tests which
 * spawn `node bin/run.js` run the code under test. A build with type errors fails the run.
 */
import {spawnSync} from 'node:child_process'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

export default function setup(): void {
  // WSKTRACE_SKIP_BUILD=1: use dist/ as it is (while someone's half-written code does not compile).
  if (process.env.WSKTRACE_SKIP_BUILD === '1') return
  const tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc')
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {cwd: ROOT, encoding: 'utf8'})
  if (r.status !== 0) {
    throw new Error(`build failed (tsc -p tsconfig.json, exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`)
  }
}
