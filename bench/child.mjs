#!/usr/bin/env node
// One measured task, in a process of its own so that its peak RSS is its own.
//
//   node bench/child.mjs floor FILE   read + split + JSON.parse, nothing else
//   node bench/child.mjs lint FILE [MAPPING]   lintFile(FILE, {dispatchBudgetUs: 100}): the full pipeline
//                                              (any format wsktrace reads; MAPPING for tracerpt CSV)
//   node bench/child.mjs floor-dumper FILE     xperf dumper text: read + split lines + split cells on ','
//   node bench/child.mjs floor-csv FILE        tracerpt CSV: read + papaparse, in the blocks the reader uses
//
// Prints one JSON line on stdout: {task, file, events, seconds, maxRSSKiB, ...}. `seconds` is the
// task alone (hrtime around it), without Node's start-up and module loading.

import {createReadStream} from 'node:fs'
import {StringDecoder} from 'node:string_decoder'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import Papa from 'papaparse'

const CHUNK = 1 << 20
/** The ETW floors read in 64 KiB pieces, the faster choice for them (bench/README.md); lint reads UTF-8 dumper text and tracerpt CSV in 1 MiB ones. */
const ETW_CHUNK = 64 << 10

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

/**
 * The floor of xperf dumper text: the lines split into cells, nothing else. Returns the rows with
 * a timestamp cell (layout lines, the preamble and bookkeeping rows are not events).
 */
async function floorDumper(file) {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let rows = 0
  const row = (line) => {
    const cells = line.split(',')
    if (cells.length > 4 && cells[1].charCodeAt(cells[1].length - 1) !== 112 /* TimeStam-p: a layout line */) rows++
  }
  for await (const chunk of createReadStream(file, {highWaterMark: ETW_CHUNK})) {
    const text = pending + decoder.write(chunk)
    let start = 0
    let nl
    while ((nl = text.indexOf('\n', start)) !== -1) {
      row(text.slice(start, nl))
      start = nl + 1
    }
    pending = text.slice(start)
  }
  row(pending + decoder.end())
  return {events: rows - 1} // the OS Version line
}

/** The floor of tracerpt CSV: papaparse over blocks of ~64 KiB cut at line breaks (as the reader parses), nothing else. */
async function floorCsv(file) {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let rows = 0
  const parse = (block) => {
    const r = Papa.parse(block, {delimiter: ',', newline: '\r\n', header: false, dynamicTyping: false})
    for (const cells of r.data) if (cells.length > 1) rows++
  }
  for await (const chunk of createReadStream(file, {highWaterMark: ETW_CHUNK})) {
    const text = pending + decoder.write(chunk)
    const last = text.lastIndexOf('\n')
    let start = 0
    while (start <= last) {
      let end = last + 1
      if (end - start > 65536) {
        const nl = text.indexOf('\n', start + 65536)
        end = nl === -1 || nl > last ? last + 1 : nl + 1
      }
      parse(text.slice(start, end))
      start = end
    }
    pending = text.slice(last + 1)
  }
  if (pending.length > 0) parse(pending + decoder.end())
  return {events: rows - 2} // the header row and the EventTrace Header row
}

async function lint(file, mapping) {
  // WSKTRACE_BENCH_DIST=/path/to/another/dist compares another build (a snapshot, a branch).
  const dist = process.env.WSKTRACE_BENCH_DIST
  const url = dist ? pathToFileURL(join(dist, 'lint', 'lint-file.js')).href : new URL('../dist/lint/lint-file.js', import.meta.url).href
  const {lintFile} = await import(url)
  // As the CLI does at start-up (src/lint/heap-growth.ts); the floors keep V8's defaults.
  const heap = new URL('heap-growth.js', url)
  await import(heap.href).then((m) => m.limitHeapGrowth(), () => {}) // absent in builds before it existed
  const t0 = process.hrtime.bigint()
  const r = await lintFile(file, {dispatchBudgetUs: 100, ...(mapping !== undefined ? {mappings: [mapping]} : {})})
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  const byRule = {}
  for (const f of r.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1
  return {events: r.events, seconds, findings: r.findings.length, byRule, fatal: r.fatal?.message}
}

const [task, file, mapping] = process.argv.slice(2)
const FLOORS = {floor, 'floor-dumper': floorDumper, 'floor-csv': floorCsv}
if ((FLOORS[task] === undefined && task !== 'lint') || file === undefined) {
  process.stderr.write('usage: node bench/child.mjs floor|floor-dumper|floor-csv|lint FILE [MAPPING]\n')
  process.exit(2)
}
let result
if (task !== 'lint') {
  const t0 = process.hrtime.bigint()
  const r = await FLOORS[task](file)
  result = {...r, seconds: Number(process.hrtime.bigint() - t0) / 1e9}
} else {
  // lintFile is imported before the clock starts: module loading is start-up, not throughput.
  result = await lint(file, mapping)
}
process.stdout.write(JSON.stringify({task, file, ...result, maxRSSKiB: process.resourceUsage().maxRSS}) + '\n')
