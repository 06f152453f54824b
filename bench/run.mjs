#!/usr/bin/env node
// wsktrace benchmark: lintFile against the JSONL floor, on the same file, in one run.
//
//   npm run bench                       (builds, then: node bench/run.mjs)
//   node bench/run.mjs [--events N] [--runs K] [--10m] [--live L] [--seed S]
//
// For each case (1M events by default; with --10m also 10M) it generates bench/out/session-*.jsonl
// with `wsktrace synth` (the command is printed, so anyone can make the same file) when absent or
// stale, warms the page cache, then runs K times each, alternating, in separate
// child processes (bench/child.mjs):
//   floor  createReadStream (1 MiB chunks) + split on '\n' + JSON.parse, nothing else
//   lint   lintFile(file, {dispatchBudgetUs: 100}): read, validate, normalise, replay
// and prints medians, the ratio lint/floor and peak RSS. Targets: ratio <= 1.3, lint RSS < 150 MB.
// The same session is also rendered as xperf dumper text and as tracerpt CSV by wsktrace's ETW
// writers (bench/render-etw.mjs) and linted from those against their floors (split on ',' for
// the dumper, papaparse for the CSV): target ratio <= 1.5, same RSS target. --no-etw skips them.
// Always exits 0: a benchmark reports, it does not pass or fail. A missed target prints TARGET MISSED.

import {spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {createReadStream, existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, totalmem} from 'node:os'
import {fileURLToPath} from 'node:url'
import {dirname, join, relative} from 'node:path'
import {runNode, synthHash} from './synth-trace.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = dirname(HERE)
const OUT = join(HERE, 'out')
const BIN = join(ROOT, 'bin', 'run.js')
const SYNTH = join(ROOT, 'dist', 'synth')
const CHILD = join(HERE, 'child.mjs')
const TARGET_RATIO = 1.3
const TARGET_RSS_MB = 150
const TARGET_RATIO_ETW = 1.5
const RENDER = join(HERE, 'render-etw.mjs')

function parseArgs(argv) {
  const o = {events: 1_000_000, runs: 3, tenM: false, live: 5000, seed: 1, etw: true, etwFormats: ['dumper', 'tracerpt-csv']}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const int = () => {
      const v = argv[++i]
      const n = Number(String(v).replace(/_/g, ''))
      if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${a}: not a positive integer: ${v}`)
      return n
    }
    switch (a) {
      case '--events': o.events = int(); break
      case '--runs': o.runs = int(); break
      case '--10m': o.tenM = true; break
      case '--live': o.live = int(); break
      case '--seed': o.seed = int(); break
      case '--no-etw': o.etw = false; break
      case '--etw-formats': o.etwFormats = String(argv[++i]).split(','); break
      case '-h':
      case '--help':
        process.stdout.write('usage: node bench/run.mjs [--events N] [--runs K] [--10m] [--live L] [--seed S] [--no-etw] [--etw-formats dumper,tracerpt-csv]\n')
        process.exit(0)
        break
      default: throw new Error(`unknown argument ${a}`)
    }
  }
  return o
}

function caseName(events) {
  if (events % 1_000_000 === 0) return `${events / 1_000_000}m`
  if (events % 1000 === 0) return `${events / 1000}k`
  return String(events)
}

/** Runs `node args…`, returns stdout; rejects on a non-zero exit. stderr goes to ours. */


/** The trace for `events`, generated unless a file made by this generator with these arguments exists. */
async function ensureTrace(events, o) {
  const file = join(OUT, `session-${caseName(events)}.jsonl`)
  const metaFile = file + '.meta.json'
  const generatorHash = synthHash()
  const wanted = {events, live: o.live, threads: 4, workers: 2, seed: o.seed, generatorHash}
  if (existsSync(file) && existsSync(metaFile)) {
    try {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8'))
      const same = Object.keys(wanted).every((k) => meta[k] === wanted[k]) && meta.size === statSync(file).size
      if (same) return {file, events: meta.written}
    } catch {
      // regenerate
    }
  }
  const args = ['synth', '--events', String(events), '--live', String(o.live), '--threads', '4', '--workers', '2', '--seed', String(o.seed), '-o', relative(ROOT, file)]
  process.stdout.write(`generating ${relative(ROOT, file)} (${events.toLocaleString('en-US')} events, ${o.live} live sockets):\n  wsktrace ${args.join(' ')}\n`)
  const t0 = Date.now()
  await runNode([BIN, ...args])
  const written = (await countLines(file)) - 1
  writeFileSync(metaFile, JSON.stringify({...wanted, written, size: statSync(file).size}) + '\n')
  process.stdout.write(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(0)} MB\n`)
  return {file, events: written}
}

/** Number of '\n' in the file, streaming (constant memory). */
async function countLines(file) {
  let n = 0
  for await (const c of createReadStream(file, {highWaterMark: 1 << 20})) {
    for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) n++
  }
  return n
}

/** Reads the whole file once so every measured run sees a warm page cache. */
async function warm(file) {
  let n = 0
  for await (const c of createReadStream(file, {highWaterMark: 1 << 20})) n += c.length
  return n
}

async function measure(task, file, ...extra) {
  const out = await runNode([CHILD, task, file, ...extra])
  return JSON.parse(out.trim().split('\n').pop())
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

const fmtLoad = () => loadavg().map((l) => l.toFixed(2)).join(' ')
const fmtInt = (n) => Math.round(n).toLocaleString('en-US')
const mb = (kib) => kib / 1024

async function benchCase(events, o) {
  const {file, events: written} = await ensureTrace(events, o)
  await warm(file)
  const floor = []
  const lint = []
  for (let i = 0; i < o.runs; i++) {
    // Alternate, so drift of the shared machine hits both alike.
    floor.push(await measure('floor', file))
    lint.push(await measure('lint', file))
    process.stdout.write(`  run ${i + 1}/${o.runs}: floor ${floor[i].seconds.toFixed(2)} s (${mb(floor[i].maxRSSKiB).toFixed(0)} MB), lint ${lint[i].seconds.toFixed(2)} s (${mb(lint[i].maxRSSKiB).toFixed(0)} MB)\n`)
  }
  const l0 = lint[0]
  if (l0.fatal !== undefined) process.stdout.write(`  WARNING: lint reported a fatal error: ${l0.fatal}\n`)
  if (l0.findings !== 0) process.stdout.write(`  WARNING: the clean benchmark trace gave ${l0.findings} findings: ${JSON.stringify(l0.byRule)}\n`)
  if (l0.events !== written || floor[0].events !== written) process.stdout.write(`  WARNING: event counts differ: file ${written}, floor ${floor[0].events}, lint ${l0.events}\n`)
  const floorS = median(floor.map((r) => r.seconds))
  const lintS = median(lint.map((r) => r.seconds))
  return {
    name: caseName(events),
    events: written,
    floorS,
    lintS,
    ratio: lintS / floorS,
    lintRssMB: Math.max(...lint.map((r) => mb(r.maxRSSKiB))),
    floorRssMB: Math.max(...floor.map((r) => mb(r.maxRSSKiB))),
    findings: l0.findings,
  }
}

/**
 * The session of `events` as an ETW export (`dumper` or `tracerpt-csv`), rendered from its JSONL
 * by the ETW writers unless an up-to-date rendering exists, then floor and lint alternately.
 */
async function benchEtwCase(events, format, o) {
  const {file: jsonl, events: written} = await ensureTrace(events, o)
  const file = join(OUT, `session-${caseName(events)}.${format === 'dumper' ? 'dumper.txt' : 'tracerpt.csv'}`)
  const mapping = format === 'tracerpt-csv' ? join(OUT, 'tracerpt-csv-mapping.json') : undefined
  const metaFile = file + '.meta.json'
  const writers = createHash('sha256')
  for (const w of ['dumper.js', 'tracerpt-csv.js', 'etw-layout.js', 'text-output.js']) writers.update(readFileSync(join(ROOT, 'dist', 'etw', 'writers', w)))
  const wanted = {source: statSync(jsonl).size, sourceTime: statSync(jsonl).mtimeMs, writers: writers.digest('hex').slice(0, 16)}
  let fresh = false
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'))
    fresh = Object.keys(wanted).every((k) => meta[k] === wanted[k]) && meta.size === statSync(file).size && (mapping === undefined || existsSync(mapping))
  } catch {
    // render
  }
  if (!fresh) {
    process.stdout.write(`rendering ${relative(ROOT, file)} from ${relative(ROOT, jsonl)}\n`)
    const t0 = Date.now()
    await runNode([RENDER, format, jsonl, file, ...(mapping !== undefined ? [mapping] : [])])
    writeFileSync(metaFile, JSON.stringify({...wanted, size: statSync(file).size}) + '\n')
    process.stdout.write(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${(statSync(file).size / 1e6).toFixed(0)} MB\n`)
  }
  await warm(file)
  const floorTask = format === 'dumper' ? 'floor-dumper' : 'floor-csv'
  const floor = []
  const lint = []
  for (let i = 0; i < o.runs; i++) {
    floor.push(await measure(floorTask, file))
    lint.push(await measure('lint', file, ...(mapping !== undefined ? [mapping] : [])))
    process.stdout.write(`  run ${i + 1}/${o.runs}: floor ${floor[i].seconds.toFixed(2)} s (${mb(floor[i].maxRSSKiB).toFixed(0)} MB), lint ${lint[i].seconds.toFixed(2)} s (${mb(lint[i].maxRSSKiB).toFixed(0)} MB)\n`)
  }
  const l0 = lint[0]
  if (l0.fatal !== undefined) process.stdout.write(`  WARNING: lint reported a fatal error: ${l0.fatal}\n`)
  if (l0.findings !== 0) process.stdout.write(`  WARNING: the clean benchmark trace gave ${l0.findings} findings: ${JSON.stringify(l0.byRule)}\n`)
  if (l0.events !== written || floor[0].events !== written) process.stdout.write(`  WARNING: event counts differ: file ${written}, floor ${floor[0].events}, lint ${l0.events}\n`)
  const floorS = median(floor.map((r) => r.seconds))
  const lintS = median(lint.map((r) => r.seconds))
  return {
    name: `${caseName(events)} ${format}`,
    events: written,
    floorS,
    lintS,
    ratio: lintS / floorS,
    target: TARGET_RATIO_ETW,
    lintRssMB: Math.max(...lint.map((r) => mb(r.maxRSSKiB))),
    floorRssMB: Math.max(...floor.map((r) => mb(r.maxRSSKiB))),
    findings: l0.findings,
  }
}

function printTable(rows, runs) {
  const head = ['case', 'events', 'floor s', 'floor ev/s', 'lint s', 'lint ev/s', 'lint/floor', 'lint RSS MB', 'floor RSS MB', 'findings', 'ratio target', `RSS<${TARGET_RSS_MB}MB`]
  const body = rows.map((r) => [
    r.name,
    fmtInt(r.events),
    r.floorS.toFixed(2),
    fmtInt(r.events / r.floorS),
    r.lintS.toFixed(2),
    fmtInt(r.events / r.lintS),
    r.ratio.toFixed(2),
    r.lintRssMB.toFixed(0),
    r.floorRssMB.toFixed(0),
    String(r.findings),
    `${r.ratio <= (r.target ?? TARGET_RATIO) ? 'yes' : 'NO'} <=${r.target ?? TARGET_RATIO}`,
    r.lintRssMB < TARGET_RSS_MB ? 'yes' : 'NO',
  ])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)))
  const line = (cells) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |'
  process.stdout.write('\n' + line(head) + '\n')
  process.stdout.write('|' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|') + '|\n')
  for (const b of body) process.stdout.write(line(b) + '\n')
  process.stdout.write(`\ntimes: median of ${runs} run(s), task time inside each child (no Node start-up); RSS: peak (maxRSS) of the child, highest of the runs\n`)
  let missed = false
  for (const r of rows) {
    if (r.ratio > (r.target ?? TARGET_RATIO)) {
      missed = true
      process.stdout.write(`TARGET MISSED (${r.name}): lint/floor = ${r.ratio.toFixed(2)} > ${r.target ?? TARGET_RATIO}\n`)
    }
    if (r.lintRssMB >= TARGET_RSS_MB) {
      missed = true
      process.stdout.write(`TARGET MISSED (${r.name}): lint peak RSS ${r.lintRssMB.toFixed(0)} MB >= ${TARGET_RSS_MB} MB\n`)
    }
  }
  if (!missed) process.stdout.write('all targets met\n')
}

async function main() {
  const o = parseArgs(process.argv.slice(2))
  const cpu = cpus()
  process.stdout.write(`wsktrace benchmark\nnode ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'} (${cpu.length} logical CPUs), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}-${process.arch}\n`)
  process.stdout.write(`load average at start: ${fmtLoad()} (2 cores: anything above ~1 means other processes compete; compare ratios, not absolute times)\n`)
  if (!existsSync(join(ROOT, 'dist', 'lint', 'lint-file.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)')
  const cases = [o.events]
  if (o.tenM && o.events !== 10_000_000) cases.push(10_000_000)
  const rows = []
  for (const events of cases) {
    process.stdout.write(`\ncase ${caseName(events)}: ${o.runs} run(s) each of floor and lint\n`)
    rows.push(await benchCase(events, o))
  }
  if (o.etw) {
    for (const format of o.etwFormats) {
      process.stdout.write(`\ncase ${caseName(o.events)} as ${format}: ${o.runs} run(s) each of floor and lint\n`)
      rows.push(await benchEtwCase(o.events, format, o))
    }
  }
  printTable(rows, o.runs)
  process.stdout.write(`load average at end: ${fmtLoad()}\n`)
}

try {
  await main()
} catch (err) {
  process.stdout.write(`benchmark error: ${err instanceof Error ? err.message : String(err)}\n`)
}
process.exit(0)
