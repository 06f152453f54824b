/**
 * Round trips through every ETW export: each realistic session of traces/sessions, and the
 * violating trace of every rule (and the lost-events policy case), is rendered by the writers as
 * xperf dumper text, tracerpt XML, tracerpt CSV (ANSI and -en Unicode, read with the shipped
 * template mapping) and WPA CSV (field names; Field N with a positional mapping), then read back
 * the way lint reads it. The canonical records must be the same, field by field, and lint must
 * give the same findings: rule, severity, the event each finding and witness step points at
 * (lines differ between formats: they are the lines of each export), and the witness texts.
 *
 * ETW has no `complete` flag: a canonical trace whose header says `complete: true` is linted
 * from its exports with `endOfTrace: 'always'`, which is what that flag means.
 */
import {createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {createDumperWriter} from '../../src/etw/writers/dumper.js'
import {wpaFieldsMapping} from '../../src/etw/writers/positional-mapping.js'
import type {TraceWriter} from '../../src/etw/writers/text-output.js'
import {createTracerptCsvWriter} from '../../src/etw/writers/tracerpt-csv.js'
import {createTracerptXmlWriter} from '../../src/etw/writers/tracerpt-xml.js'
import {createWpaCsvWriter} from '../../src/etw/writers/wpa-csv.js'
import {lintFile} from '../../src/lint/lint-file.js'
import {DEFAULT_LINT_OPTIONS, type LintOptions} from '../../src/lint/lint-options.js'
import {canonical, readAll, ROOT, TEMPLATE, type Read} from './helpers.js'

const TMP = mkdtempSync(join(tmpdir(), 'wsktrace-roundtrip-'))
afterAll(() => rmSync(TMP, {recursive: true, force: true}))
const WPA_FIELDS = join(TMP, 'wpa-fields.json')
writeFileSync(WPA_FIELDS, JSON.stringify(wpaFieldsMapping()))

interface Format {
  name: string
  ext: string
  create: (out: NodeJS.WritableStream & import('node:stream').Writable) => TraceWriter
  mappings: string[]
  /** The export says how many events the recorder lost (a WPA table does not: that is in WPA's Trace Statistics). */
  lostEvents: boolean
}

const FORMATS: Format[] = [
  {name: 'xperf dumper', ext: 'txt', create: (o) => createDumperWriter(o), mappings: [], lostEvents: true},
  {name: 'tracerpt XML', ext: 'xml', create: (o) => createTracerptXmlWriter(o), mappings: [], lostEvents: true},
  {name: 'tracerpt CSV', ext: 'csv', create: (o) => createTracerptCsvWriter(o), mappings: [TEMPLATE], lostEvents: true},
  {name: 'tracerpt CSV -en Unicode', ext: 'u16.csv', create: (o) => createTracerptCsvWriter(o, {encoding: 'unicode'}), mappings: [TEMPLATE], lostEvents: true},
  {name: 'WPA CSV, field names', ext: 'wpa.csv', create: (o) => createWpaCsvWriter(o, {payloadColumns: 'names'}), mappings: [], lostEvents: false},
  {name: 'WPA CSV, Field N', ext: 'wpaf.csv', create: (o) => createWpaCsvWriter(o), mappings: [WPA_FIELDS], lostEvents: false},
]

const traces = [
  ...readdirSync(join(ROOT, 'traces', 'sessions')).filter((f) => f.endsWith('.jsonl')).map((f) => `sessions/${f}`),
  // invalid-record's violations are lines that are no records: they have no ETW rendering.
  ...readdirSync(join(ROOT, 'traces', 'rules')).filter((r) => r !== 'invalid-record').map((r) => `rules/${r}/violating.jsonl`),
  'policy/events-lost-inconclusive/violating.jsonl',
].sort()

async function render(source: Read, format: Format, file: string): Promise<void> {
  const w = format.create(createWriteStream(file))
  w.header(source.header)
  for (const e of source.events) {
    const r = w.event(e)
    if (r !== true) await r
  }
  await w.end()
}

/** What a lint run says, with lines replaced by the index of the event they point at. */
async function verdict(file: string, read: Read, options: LintOptions) {
  const index = new Map(read.events.map((e, i) => [e.line, i]))
  const r = await lintFile(file, options)
  expect(r.fatal).toBeUndefined()
  return r.findings
    .map((f) => ({
      rule: f.ruleId, severity: f.severity, inconclusive: f.inconclusive !== undefined, at: index.get(f.line) ?? `not an event (line ${f.line})`, event: f.event,
      witness: f.witness.map((w) => `${index.get(w.line)} ${w.event} ${w.detail} ${w.role}`),
    }))
    .sort((a, b) => `${a.rule} ${a.at}`.localeCompare(`${b.rule} ${b.at}`))
}

describe.each(traces)('%s', async (trace) => {
  const path = join(ROOT, 'traces', trace)
  const source = await readAll(path)
  const expected = canonical(source)
  const expectedVerdict = await verdict(path, source, DEFAULT_LINT_OPTIONS)
  // The verdict of an export that cannot say events were lost: the same trace, its header without eventsLost.
  let noLostVerdict = expectedVerdict
  if (source.header.eventsLost > 0) {
    const {eventsLost: _lost, ...header} = source.header
    const copy = join(TMP, trace.replace(/\//g, '_') + '.nolost.jsonl')
    writeFileSync(copy, [JSON.stringify(header), ...readFileSync(path, 'utf8').split('\n').slice(1)].join('\n'))
    noLostVerdict = await verdict(copy, await readAll(copy), DEFAULT_LINT_OPTIONS)
  }

  it.each(FORMATS)('$name', async (format) => {
    const file = join(TMP, `${trace.replace(/\//g, '_')}.${format.ext}`)
    await render(source, format, file)
    const back = await readAll(file, {mappings: format.mappings})
    expect(back.invalid).toEqual([])
    expect(back.header.eventsLost).toBe(format.lostEvents ? source.header.eventsLost : 0)
    // ETW records a CPU for every event: compare it where the canonical trace has one.
    expect(canonical(back).map((e, i) => (expected[i]?.cpu === undefined ? {...e, cpu: undefined} : e))).toEqual(expected)
    const options: LintOptions = {...DEFAULT_LINT_OPTIONS, mappings: format.mappings, ...(source.header.complete ? {endOfTrace: 'always'} : {})}
    expect(await verdict(file, back, options)).toEqual(format.lostEvents ? expectedVerdict : noLostVerdict)
  })
})
