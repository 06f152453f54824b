/** Runs the built CLI (`node bin/run.js …`, dist/ compiled by test/global-setup.ts) as a user does. */
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'run.js')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], options: {cwd?: string; input?: string} = {}): CliRun {
  const env: NodeJS.ProcessEnv = {...process.env}
  delete env.FORCE_COLOR
  const r = spawnSync(process.execPath, [BIN, ...args], {cwd: options.cwd ?? ROOT, input: options.input ?? '', encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024})
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** stdout as JSON; when it is not, the error shows the run's exit status and stderr. */
export function stdoutJson<T>(r: CliRun): T {
  try {
    return JSON.parse(r.stdout) as T
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.status}); stderr:\n${r.stderr}\nstdout:\n${r.stdout.slice(0, 2000)}`)
  }
}
