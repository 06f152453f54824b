/**
 * Fills in the witness steps the replay left as bare line numbers (see TrackedObject.record):
 * one more read of the trace, only when there are findings, parsing only the lines a witness
 * needs and stopping after the last of them.
 */
import type {Finding} from './finding.js'
import type {TraceEvent} from '../trace/event.js'
import {readTraceSource, type TraceSourceOptions} from '../lint/trace-source.js'
import {describeEvent, eventLabel} from '../model/event-description.js'

class StopReading extends Error {}

/** `options`: how the file was read (its format, the mappings), so that lines mean the same events. */
export async function resolveWitnesses(findings: Finding[], file: string, options: Pick<TraceSourceOptions, 'inputFormat' | 'mappings'> = {}): Promise<void> {
  const wanted = new Set<number>()
  for (const f of findings) for (const s of f.witness) if (s.event === '') wanted.add(s.line)
  if (wanted.size === 0) return
  const last = Math.max(...wanted)
  const found = new Map<number, TraceEvent>()
  try {
    await readTraceSource(file, {
      header() {},
      invalid() {},
      event(e) {
        if (wanted.has(e.line)) found.set(e.line, e)
        if (e.line >= last) throw new StopReading()
      },
    }, options)
  } catch (err) {
    // StopReading is the early exit; any other failure leaves the steps with their line only.
    if (!(err instanceof StopReading)) return
  }
  for (const f of findings) {
    for (const s of f.witness) {
      const e = s.event === '' ? found.get(s.line) : undefined
      if (e === undefined) continue
      s.ts = e.ts
      s.tid = e.tid
      s.event = eventLabel(e)
      s.detail = describeEvent(e)
    }
  }
}
