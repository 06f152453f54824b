#!/usr/bin/env node
// One measured task, in a process of its own so that its peak RSS is its own.
//
//   node bench/child.mjs floor FILE   read + split + JSON.parse, nothing else
//   node bench/child.mjs lint FILE    lintFile(FILE, {dispatchBudgetUs: 100}): the full pipeline
//
// Prints one JSON line on stdout: {task, file, events, seconds, maxRSSKiB, ...}. `seconds` is the
// task alone (hrtime around it), without Node's start-up and module loading.

import {createReadStream} from 'node:fs'
import {StringDecoder} from 'node:string_decoder'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

const CHUNK = 1 << 20

/** The floor: what any JSONL reader must pay. Returns the number of event records (header excluded). */
async function floor(file) {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let records = 0
  let header = 0
  const parse = (line) => {
    if (line.length === 0) return
    const obj = JSON.parse(line)
    // Use the result, so the work cannot be skipped; the header is the object with `format`.
    if (obj.format !== undefined) header++
    else records++
  }
  for await (const chunk of createReadStream(file, {highWaterMark: CHUNK})) {
    const text = pending + decoder.write(chunk)
    let start = 0
    let nl
    while ((nl = text.indexOf('\n', start)) !== -1) {
      parse(text.slice(start, nl))
      start = nl + 1
    }
    pending = text.slice(start)
  }
  parse(pending + decoder.end())
  return {events: records, headers: header}
}

async function lint(file) {
  // WSKTRACE_BENCH_DIST=/path/to/another/dist compares another build (a snapshot, a branch).
  const dist = process.env.WSKTRACE_BENCH_DIST
  const url = dist ? pathToFileURL(join(dist, 'lint', 'lint-file.js')).href : new URL('../dist/lint/lint-file.js', import.meta.url).href
  const {lintFile} = await import(url)
  const t0 = process.hrtime.bigint()
  const r = await lintFile(file, {dispatchBudgetUs: 100})
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const byRule = {}
  for (const f of r.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
  return {events: r.events, seconds, findings: r.findings.length, byRule, fatal: r.fatal?.message}
}

const [task, file] = process.argv.slice(2)
if ((task !== 'floor' && task !== 'lint') || file === undefined) {
  process.stderr.write('usage: node bench/child.mjs floor|lint FILE\n')
  process.exit(2)
}
let result
if (task === 'floor') {
  const t0 = process.hrtime.bigint()
  const r = await floor(file)
  result = {...r, seconds: Number(process.hrtime.bigint() - t0) / 1e9}
} else {
  // lintFile is imported before the clock starts: module loading is start-up, not throughput.
  result = await lint(file)
}
process.stdout.write(JSON.stringify({task, file, ...result, maxRSSKiB: process.resourceUsage().maxRSS}) + '\n')
