#!/usr/bin/env node
// Where does lint time go? Runs `node --cpu-prof bench/child.mjs lint FILE` and prints the top
// self-time functions (file:function:line), and self time per file.
//
//   node bench/profile.mjs [FILE] [--top N]          (FILE defaults to bench/out/session-1m.jsonl)
//   node bench/profile.mjs --summarize X.cpuprofile  (only aggregate an existing profile)

import {spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = dirname(HERE)

/** Self time per call frame, from `samples` + `timeDeltas` (µs). */
export function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map()
  const {samples, timeDeltas} = profile
  let total = 0
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample; charge it to this sample's node.
    const dt = Math.max(0, timeDeltas[i] ?? 0)
    self.set(samples[i], (self.get(samples[i]) ?? 0) + dt)
    total += dt
  }
  const byFunction = new Map()
  const byFile = new Map()
  for (const [id, us] of self) {
    const cf = byId.get(id).callFrame
    const file = cf.url ? shortUrl(cf.url) : cf.functionName.startsWith('(') ? '' : '(native)'
    const fn = cf.functionName || '(anonymous)'
    const key = file ? `${file}:${fn}:${cf.lineNumber + 1}` : fn
    byFunction.set(key, (byFunction.get(key) ?? 0) + us)
    const fk = file || fn
    byFile.set(fk, (byFile.get(fk) ?? 0) + us)
  }
  const sort = (m) => [...m.entries()].sort((a, b) => b[1] - a[1])
  return {total, functions: sort(byFunction), files: sort(byFile)}
}

function shortUrl(url) {
  const p = url.startsWith('file://') ? fileURLToPath(url) : url
  return p.startsWith(ROOT) ? relative(ROOT, p) : p
}

function print({total, functions, files}, top) {
  const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + '%'
  const ms = (us) => (us / 1000).toFixed(0).padStart(7) + ' ms'
  process.stdout.write(`total sampled: ${(total / 1e6).toFixed(2)} s\n\ntop ${top} self time by function (file:function:line)\n`)
  for (const [k, us] of functions.slice(0, top)) process.stdout.write(`${ms(us)} ${pct(us)}  ${k}\n`)
  process.stdout.write(`\nself time by file\n`)
  for (const [k, us] of files.slice(0, top)) process.stdout.write(`${ms(us)} ${pct(us)}  ${k}\n`)
}

const args = process.argv.slice(2)
let top = 30
const ti = args.indexOf('--top')
if (ti !== -1) {
  top = Number(args[ti + 1])
  args.splice(ti, 2)
}
if (args[0] === '--summarize') {
  print(summarize(JSON.parse(readFileSync(args[1], 'utf8'))), top)
} else {
  const file = args[0] ?? join(HERE, 'out', 'session-1m.jsonl')
  const dir = join(HERE, 'out', 'prof')
  mkdirSync(dir, {recursive: true})
  const before = new Set(readdirSync(dir))
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, join(HERE, 'child.mjs'), 'lint', file], {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8'})
  process.stdout.write(r.stdout)
  const made = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
  if (made.length === 0) {
    process.stdout.write('no profile written\n')
    process.exit(0)
  }
  const path = join(dir, made[0])
  process.stdout.write(`profile: ${relative(ROOT, path)}\n`)
  print(summarize(JSON.parse(readFileSync(path, 'utf8'))), top)
}
