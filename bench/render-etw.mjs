#!/usr/bin/env node
// Renders a canonical wsk-trace JSONL file as an ETW export with wsktrace's own writers
// (dist/etw/writers), streaming: the benchmark's ETW inputs.
//
//   node bench/render-etw.mjs dumper|tracerpt-csv IN.jsonl OUT [MAPPING.json]
//
// tracerpt CSV has no event names: MAPPING.json (written when given) is the positional mapping
// that reads the CSV back (the same document as docs/mapping-tracerpt-csv-template.json).

import {createWriteStream, writeFileSync} from 'node:fs'
import {once} from 'node:events'

const [format, input, output, mapping] = process.argv.slice(2)
if ((format !== 'dumper' && format !== 'tracerpt-csv') || input === undefined || output === undefined) {
  process.stderr.write('usage: node bench/render-etw.mjs dumper|tracerpt-csv IN.jsonl OUT [MAPPING.json]\n')
  process.exit(2)
}
const dist = new URL('../dist/', import.meta.url)
const {readJsonlTrace} = await import(new URL('trace/jsonl-reader.js', dist).href)
const writers = format === 'dumper' ? await import(new URL('etw/writers/dumper.js', dist).href) : await import(new URL('etw/writers/tracerpt-csv.js', dist).href)
const create = format === 'dumper' ? writers.createDumperWriter : writers.createTracerptCsvWriter

const out = createWriteStream(output, {highWaterMark: 1 << 20})
const writer = create(out)
let pending = 0
let events = 0
// The reader's sink is synchronous; the writer says when the file stream is full, and the
// reader's next chunk waits for that (a read stream paused by the await below).
let drain
await readJsonlTrace(input, {
  header: (h) => writer.header(h),
  event: (e) => {
    events++
    const r = writer.event(e)
    if (r !== true) {
      pending++
      drain = r
    }
  },
  invalid: (line, message) => process.stderr.write(`${input}:${line}: ${message}\n`),
})
if (drain !== undefined) await drain
await writer.end()
if (!out.writableFinished) await once(out, 'finish')
if (mapping !== undefined) {
  const {positionalMapping} = await import(new URL('etw/writers/positional-mapping.js', dist).href)
  writeFileSync(mapping, JSON.stringify(positionalMapping(), null, 1) + '\n')
}
process.stdout.write(`${output}: ${events} events as ${format} (${pending} waits for the disk)\n`)
