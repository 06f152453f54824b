#!/usr/bin/env node
// Batch benchmark: `wsktrace lint <folder>` over many trace files, --jobs 1 against --jobs 2.
//
//   npm run bench:batch                 (builds, then: node bench/batch.mjs)
//   node bench/batch.mjs [--files F] [--events N] [--runs K] [--jobs 1,2] [--prepare]
//
// Generates F (200) clean sessions of N (50,000) events each with `wsktrace synth` into
// bench/out/batch/ when absent or stale, warms the page cache, then times the whole CLI, as a
// user runs it (start-up included):
//   node bin/run.js lint bench/out/batch --jobs J --format json -o /dev/null
// K times per J value, alternating, and prints the medians, events/s and the speed-up over
// --jobs 1 (--prepare: generate the files and stop), with the load average before and after (a figure taken with a load above the number
// of cores says more about the neighbours than about wsktrace). Exits 1 only when it could not measure.

import {spawn} from 'node:child_process'
import {createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {availableParallelism, cpus, loadavg} from 'node:os'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {runNode, synthHash} from './synth-trace.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = dirname(HERE)
const DIR = join(HERE, 'out', 'batch')
const META = join(HERE, 'out', 'batch.meta.json')
const BIN = join(ROOT, 'bin', 'run.js')

function parseArgs(argv) {
  const o = {files: 200, events: 50_000, runs: 3, jobs: [1, 2], prepare: false}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    const int = (v) => {
      const n = Number(String(v).replace(/_/g, ''))
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${a}: not a positive integer: ${v}`)
      return n
    }
    switch (a) {
      case '--files': o.files = int(value()); break
      case '--events': o.events = int(value()); break
      case '--runs': o.runs = int(value()); break
      case '--jobs': o.jobs = value().split(',').map(int); break
      case '--prepare': o.prepare = true; break
      case '-h':
      case '--help':
        process.stdout.write('usage: node bench/batch.mjs [--files F] [--events N] [--runs K] [--jobs 1,2] [--prepare]\n')
        process.exit(0)
        break
      default: throw new Error(`unknown argument ${a}`)
    }
  }
  return o
}

const fileName = (i) => `session-${String(i + 1).padStart(4, '0')}.jsonl`

/** Generates the files unless bench/out/batch.meta.json says they are there, from the same generator and arguments. */
async function ensureFiles(o) {
  const want = {files: o.files, events: o.events, live: 500, generator: synthHash()}
  let have
  try {
    have = JSON.parse(readFileSync(META, 'utf8'))
  } catch {
    have = undefined
  }
  const names = Array.from({length: o.files}, (_, i) => fileName(i))
  const present = existsSync(DIR) ? new Set(readdirSync(DIR)) : new Set()
  if (have && have.files === want.files && have.events === want.events && have.live === want.live && have.generator === want.generator && names.every((n) => present.has(n)) && present.size === names.length) {
    return have.totalEvents
  }
  rmSync(DIR, {recursive: true, force: true})
  mkdirSync(DIR, {recursive: true})
  process.stderr.write(`generating ${o.files} files of ${o.events} events in ${relative(ROOT, DIR)}/ …\n`)
  const t0 = performance.now()
  let totalEvents = 0
  process.stderr.write(`  wsktrace synth --events ${o.events} --live ${want.live} --threads 4 --workers 2 --seed <file number> -o ${relative(ROOT, DIR)}/session-NNNN.jsonl\n`)
  for (let i = 0; i < o.files; i++) {
    const out = join(DIR, names[i])
    await runNode([BIN, 'synth', '--events', String(o.events), '--live', String(want.live), '--threads', '4', '--workers', '2', '--seed', String(i + 1), '-o', out])
    totalEvents += (await countRecords(out))
  }
  writeFileSync(META, `${JSON.stringify({...want, totalEvents}, null, 2)}\n`)
  process.stderr.write(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
  return totalEvents
}

/** Records in a canonical trace file: its lines less the header. */
async function countRecords(file) {
  let n = 0
  for await (const c of createReadStream(file, {highWaterMark: 1 << 20})) for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++
  return n - 1
}

/** Reads every file once so that each timed run finds them in the page cache. */
async function warm() {
  for (const name of readdirSync(DIR)) {
    const stream = createReadStream(join(DIR, name), {highWaterMark: 1 << 20})
    for await (const _ of stream);
  }
}

function lint(jobs) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint()
    const child = spawn(process.execPath, [BIN, 'lint', DIR, '--jobs', String(jobs), '--format', 'json', '-o', '/dev/null'], {cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, CI: '1'}})
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9
      // A clean corpus: exit 0. Anything else means the figure is not what it claims to be.
      if (code !== 0) reject(new Error(`lint --jobs ${jobs} exited ${code}: ${stderr.trim()}`))
      else resolve(seconds)
    })
  })
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ')

async function main() {
  const o = parseArgs(process.argv.slice(2))
  if (!o.prepare && !existsSync(join(ROOT, 'dist', 'commands', 'lint.js'))) throw new Error('dist/ is not built: run `npm run build` first (npm run bench:batch does)')
  const totalEvents = await ensureFiles(o)
  if (o.prepare) return
  await warm()
  const loadBefore = load()
  const times = new Map(o.jobs.map((j) => [j, []]))
  for (let run = 0; run < o.runs; run++) {
    for (const jobs of o.jobs) times.get(jobs).push(await lint(jobs))
  }
  const loadAfter = load()

  const base = median(times.get(o.jobs[0]))
  const rows = [['jobs', 'wall s (median)', 'runs', 'events/s', `speed-up vs --jobs ${o.jobs[0]}`]]
  for (const jobs of o.jobs) {
    const m = median(times.get(jobs))
    rows.push([String(jobs), m.toFixed(2), times.get(jobs).map((t) => t.toFixed(2)).join(' '), `${(totalEvents / m / 1e6).toFixed(2)} M`, `${(base / m).toFixed(2)}×`])
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  const out = [
    `${o.files} files × ${o.events.toLocaleString('en-US')} events (${totalEvents.toLocaleString('en-US')} events, clean sessions), whole CLI: lint ${relative(ROOT, DIR)} --format json -o /dev/null`,
    `node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average before: ${loadBefore}, after: ${loadAfter}`,
    '',
    line(rows[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ]
  process.stdout.write(`${out.join('\n')}\n`)
}

main().catch((error) => {
  process.stderr.write(`batch.mjs: ${error.message}\n`)
  process.exitCode = 1 // could not measure (no build, a failing run): not a figure
})
