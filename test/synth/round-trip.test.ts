/**
 * Every writer and its reader agree: a synthetic session written as JSON Lines, xperf dumper text
 * or tracerpt XML and read back gives the very canonical records the generator made, lines
 * included (the generator's line model is the reader's line numbering).
 */
import {Readable} from 'node:stream'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {MICROSECONDS_PER_UNIT, type TraceEvent} from '../../src/trace/event.js'
import {readTraceStream} from '../../src/lint/trace-source.js'
import {SYNTH_FORMATS} from '../../src/synth/formats.js'
import {arbSession, runs, synthText} from './helpers.js'

/** The records read back, their times in µs (an ETW export has its own clock unit). */
async function readBack(text: string, format: (typeof SYNTH_FORMATS)[number]): Promise<{events: TraceEvent[]; invalid: string[]}> {
  const events: TraceEvent[] = []
  const invalid: string[] = []
  let usPerUnit = 1
  await readTraceStream(Readable.from([Buffer.from(text)]), `session.${format}`, {
    header: (h) => void (usPerUnit = MICROSECONDS_PER_UNIT[h.timeUnit]),
    event: (e) => void events.push({...e, ts: Math.round(e.ts * usPerUnit * 1000) / 1000}),
    invalid: (line, message) => void invalid.push(`${line}: ${message}`),
  }, {inputFormat: format})
  return {events, invalid}
}

describe('synth: round trip through every writer and its reader', () => {
  for (const format of SYNTH_FORMATS) {
    it(`${format}: the same canonical records, at the same lines`, async () => {
      await fc.assert(
        fc.asyncProperty(arbSession, async (o) => {
          const {text, events} = await synthText({...o, connections: Math.min(o.connections ?? 10, 30)}, format)
          const back = await readBack(text, format)
          expect(back.invalid).toEqual([])
          expect(back.events.length).toBe(events.length)
          for (let i = 0; i < events.length; i++) expect(back.events[i], `record ${i + 1}`).toEqual(events[i])
        }),
        {numRuns: runs(format === 'jsonl' ? 8 : 3, 100)},
      )
    }, 60_000)
  }
})
