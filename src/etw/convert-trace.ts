/**
 * `wsktrace convert`: any supported input → canonical wsk-trace JSON Lines, streaming. The same
 * reading lint does (format detection, mappings, the one normaliser); the records are written as
 * they come, the lines that are not valid records are reported to `onInvalid`.
 */
import type {Writable} from 'node:stream'
import {readTraceSource, type SourceSummary, type TraceSourceOptions} from '../lint/trace-source.js'
import {createCanonicalJsonlWriter} from './writers/canonical-jsonl.js'

export interface ConvertResult {
  summary: SourceSummary
  /** Records written. */
  events: number
  /** Lines that were not valid records (reported to onInvalid). */
  invalid: number
}

/**
 * Converts `file` (`-` = stdin) into `out` and ends `out`. Throws FatalInputError when the input
 * cannot be read as a trace at all (what was written until then stays written).
 */
export async function convertTrace(file: string, out: Writable, options: TraceSourceOptions & {onInvalid?: (line: number, message: string) => void} = {}): Promise<ConvertResult> {
  const writer = createCanonicalJsonlWriter(out)
  let events = 0
  let invalid = 0
  let summary: SourceSummary
  try {
    // The sink is synchronous; when the output is full, the next input chunk waits for it to
    // drain (the gate), so at most about one input chunk's records wait in memory.
    let full: Promise<void> | undefined
    summary = await readTraceSource(file, {
      header: (h) => writer.header(h),
      event: (e) => {
        events++
        const r = writer.event(e)
        if (r !== true) full = r
      },
      invalid: (line, message) => {
        invalid++
        options.onInvalid?.(line, message)
      },
    }, {
      inputFormat: options.inputFormat,
      mappings: options.mappings,
      gate: () => {
        const wait = full
        full = undefined
        return wait
      },
    })
  } finally {
    await writer.end()
  }
  return {summary, events, invalid}
}
