/**
 * The formats `synth` writes, through the writers the ETW readers' round-trip tests use
 * (src/etw/writers/): canonical JSON Lines, xperf dumper text, tracerpt XML. Each comes with its
 * line model: where the k-th record starts, as the matching reader numbers lines, so that an
 * injection report names the line lint will report.
 */
import {Writable} from 'node:stream'
import type {TraceEvent, TraceHeader} from '../trace/event.js'
import {createCanonicalJsonlWriter} from '../etw/writers/canonical-jsonl.js'
import {createDumperWriter} from '../etw/writers/dumper.js'
import {createTracerptXmlWriter} from '../etw/writers/tracerpt-xml.js'
import {fieldsOf, renderField} from '../etw/writers/etw-layout.js'
import type {TraceWriter} from '../etw/writers/text-output.js'

export const SYNTH_FORMATS = ['jsonl', 'dumper', 'tracerpt-xml'] as const
export type SynthFormat = (typeof SYNTH_FORMATS)[number]

export type {TraceWriter}

export function checkSynthFormat(format: string): SynthFormat {
  if ((SYNTH_FORMATS as readonly string[]).includes(format)) return format as SynthFormat
  throw new Error(`--format: unknown format '${format}' (one of: ${SYNTH_FORMATS.join(', ')})`)
}

/** The writer of `format` on `out`; its end() ends `out`. */
export function createSynthWriter(format: SynthFormat, out: Writable): TraceWriter {
  switch (format) {
    case 'jsonl':
      return createCanonicalJsonlWriter(out)
    case 'dumper':
      return createDumperWriter(out)
    case 'tracerpt-xml':
      return createTracerptXmlWriter(out)
  }
}

/** Where records start: the header's lines, then each record's. */
export interface LineModel {
  firstLine: number
  linesOf(e: TraceEvent): number
}

/** Lines of one tracerpt XML `<Event>`: 16 before its Data, one per field it carries, 7 after. */
function xmlEventLines(e: TraceEvent): number {
  let n = 23
  for (const f of fieldsOf(e)) if (renderField(e, f, 'upper') !== '') n++
  return n
}

/** The line model of `format` for this header (the header is rendered once to count its lines). */
export async function lineModel(format: SynthFormat, header: TraceHeader): Promise<LineModel> {
  let text = ''
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8')
      done()
    },
  })
  const w = createSynthWriter(format, sink)
  w.header(header)
  await w.end()
  let lines = 0
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++
  // The XML writer closes the root element at the end: that line comes after the records.
  if (format === 'tracerpt-xml') lines--
  return {firstLine: lines + 1, linesOf: format === 'tracerpt-xml' ? xmlEventLines : () => 1}
}
