/**
 * Shared by the synth self-checks: sessions written to memory or to a temporary folder, and the
 * size of property runs (WSKTRACE_DEEP=1, `npm run test:deep`, runs the long version).
 */
import {mkdtempSync, rmSync, createWriteStream} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Writable} from 'node:stream'
import {afterAll} from 'vitest'
import fc from 'fast-check'
import type {TraceEvent} from '../../src/trace/event.js'
import {DEFAULT_SYNTH_OPTIONS, type AcceptMix, type SynthOptions} from '../../src/synth/options.js'
import {createSynthWriter, type SynthFormat, type TraceWriter} from '../../src/synth/formats.js'
import {synthesize, type SynthResult} from '../../src/synth/synthesize.js'

/** The long version: `npm run test:deep` (vitest --mode deep), or WSKTRACE_DEEP=1. */
export const DEEP = process.env.WSKTRACE_DEEP === '1' || (import.meta as {env?: {MODE?: string}}).env?.MODE === 'deep'

/** numRuns of a property: small by default, large with WSKTRACE_DEEP=1. */
export function runs(normal: number, deep: number): number {
  return DEEP ? deep : normal
}

export const ROOT = join(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')

/** A temporary folder removed after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  afterAll(() => rmSync(dir, {recursive: true, force: true}))
  return dir
}

export function options(o: Partial<SynthOptions>): SynthOptions {
  return {...DEFAULT_SYNTH_OPTIONS, ...o}
}

/** The session as text, with the events the generator wrote (in order, `line` set). */
export async function synthText(o: Partial<SynthOptions>, format: SynthFormat = 'jsonl'): Promise<{text: string; events: TraceEvent[]; result: SynthResult}> {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk)
      done()
    },
  })
  const events: TraceEvent[] = []
  const inner = createSynthWriter(format, sink)
  const tee: TraceWriter = {
    header: (h) => inner.header(h),
    event: (e) => {
      events.push(e)
      return inner.event(e)
    },
    end: () => inner.end(),
  }
  const result = await synthesize(options(o), tee, format)
  return {text: Buffer.concat(chunks).toString('utf8'), events, result}
}

/** The session written to `file`. */
export async function synthFile(file: string, o: Partial<SynthOptions>, format: SynthFormat = 'jsonl'): Promise<SynthResult> {
  return synthesize(options(o), createSynthWriter(format, createWriteStream(file)), format)
}

/** Accept mixes: each mode's weight 0..100, at least one positive. */
export const arbMix: fc.Arbitrary<AcceptMix> = fc
  .record({event: fc.nat(100), irp: fc.nat(100), conditional: fc.nat(100)})
  .filter((m) => m.event + m.irp + m.conditional > 0)

/** Session sizes and shapes for property runs: about 300 to 2,500 records. */
export const arbSession: fc.Arbitrary<Partial<SynthOptions>> = fc.record({
  seed: fc.nat(),
  connections: fc.integer({min: 8, max: 80}),
  threads: fc.integer({min: 1, max: 6}),
  workers: fc.integer({min: 1, max: 4}),
  live: fc.integer({min: 1, max: 48}),
  mix: arbMix,
})
