// Shared by the benchmarks: traces come from `wsktrace synth`, the generator driven by the very
// transition tables lint runs, so anyone can make the same files with the printed command.
import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {dirname, join, relative} from 'node:path'

const HERE = dirname(fileURLToPath(import.meta.url))
export const ROOT = dirname(HERE)
export const BIN = join(ROOT, 'bin', 'run.js')
const SYNTH = join(ROOT, 'dist', 'synth')

/** Runs `node <args>` in the repository; resolves with its stdout. */
export function runNode(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    p.stdout.setEncoding('utf8')
    p.stdout.on('data', (d) => (out += d))
    p.on('error', reject)
    p.on('close', (code, signal) => {
      if (code === 0) resolve(out)
      else reject(new Error(`node ${args.map((a) => relative(ROOT, a) || a).join(' ')} exited with ${signal ?? code}`))
    })
  })
}

/** A hash of the compiled generator (dist/synth), so that a changed generator makes new traces. */
export function synthHash() {
  const h = createHash('sha256')
  const walk = (dir) => {
    for (const e of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name))
      else if (e.name.endsWith('.js')) h.update(e.name).update(readFileSync(join(dir, e.name)))
    }
  }
  walk(SYNTH)
  return h.digest('hex').slice(0, 16)
}
