/**
 * The readers under fire: random bytes, valid sessions cut short anywhere, valid lines mutated,
 * any chunking. Whatever comes in, reading (and replaying what was read) either completes, with
 * bad lines reported to `invalid`, or stops with a FatalInputError; it never throws anything
 * else and never hangs.
 */
import {Readable} from 'node:stream'
import {gzipSync} from 'node:zlib'
import fc from 'fast-check'
import {beforeAll, describe, expect, it} from 'vitest'
import {DEFAULT_LINT_OPTIONS} from '../../src/lint/lint-options.js'
import {readTraceStream} from '../../src/lint/trace-source.js'
import {Replay} from '../../src/model/replay.js'
import {FatalInputError, readJsonlStream, type TraceSink} from '../../src/trace/jsonl-reader.js'
import {INPUT_FORMATS, type InputFormat} from '../../src/etw/detect-format.js'
import {DEEP, runs, synthText} from './helpers.js'

/** Longest a read of these small inputs may take before it counts as a hang. */
const HANG_MS = 10_000

/** Valid sessions to cut and mutate, one per format the generator writes. */
const valid: Record<string, string> = {}
beforeAll(async () => {
  const inject = ['invalid-record', 'unbalanced-activation', 'inspect-complete-once']
  for (const format of ['jsonl', 'dumper', 'tracerpt-xml'] as const) valid[format] = (await synthText({seed: 2, connections: 6, inject}, format)).text
}, 60_000)

/** The input as chunks split at the given points (chunk boundaries are where readers break). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Buffer[] = []
  let from = 0
  for (const p of points) {
    out.push(bytes.subarray(from, p))
    from = p
  }
  out.push(bytes.subarray(from))
  return out.filter((b) => b.length > 0)
}

/** Reads into a replay, as lint does; resolves to 'ok' or 'fatal', rejects on anything else or a hang. */
async function read(chunks: Buffer[], format: InputFormat | 'jsonl-direct' | 'auto'): Promise<'ok' | 'fatal'> {
  const replay = new Replay('fuzz', DEFAULT_LINT_OPTIONS)
  let headers = 0
  const sink: TraceSink = {
    header: (h) => {
      headers++
      replay.setHeader(h)
    },
    event: (e) => replay.event(e),
    invalid: (line, message) => {
      expect(Number.isInteger(line) && line >= 0).toBe(true)
      expect(typeof message).toBe('string')
      replay.invalid(line, message)
    },
  }
  const reading = (async () => {
    try {
      if (format === 'jsonl-direct') await readJsonlStream(Readable.from(chunks), sink, {name: 'fuzz'})
      else await readTraceStream(Readable.from(chunks), 'fuzz', sink, {inputFormat: format})
    } catch (err) {
      if (err instanceof FatalInputError) return 'fatal' as const
      throw err
    }
    expect(headers).toBeLessThanOrEqual(1)
    replay.finish()
    return 'ok' as const
  })()
  let timer: NodeJS.Timeout | undefined
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`read did not finish within ${HANG_MS} ms`)), HANG_MS)
  })
  try {
    return await Promise.race([reading, hang])
  } finally {
    clearTimeout(timer)
  }
}

const arbCuts = fc.array(fc.nat(), {maxLength: 12})
const arbFormat = fc.constantFrom<InputFormat | 'jsonl-direct' | 'auto'>('jsonl-direct', 'auto', ...INPUT_FORMATS)

/** A valid line changed a little: a character dropped, inserted, replaced, or the line doubled, dropped, swapped. */
const arbMutation = fc.record({
  kind: fc.constantFrom('drop-char', 'insert-char', 'replace-char', 'drop-line', 'double-line', 'swap-lines', 'truncate-line'),
  at: fc.nat(),
  other: fc.nat(),
  char: fc.oneof(fc.constantFrom('"', '{', '}', ',', ':', '\\', '\n', '\r', '\u0000', '<', '>', '&', '0', '-', 'x', ' '), fc.string({minLength: 1, maxLength: 1, unit: 'binary'})),
})

function mutate(text: string, m: fc.RecordValue<{kind: string; at: number; other: number; char: string}>): string {
  const lines = text.split('\n')
  const i = m.at % lines.length
  const line = lines[i]!
  const c = line.length === 0 ? 0 : m.other % line.length
  switch (m.kind) {
    case 'drop-char': lines[i] = line.slice(0, c) + line.slice(c + 1); break
    case 'insert-char': lines[i] = line.slice(0, c) + m.char + line.slice(c); break
    case 'replace-char': lines[i] = line.slice(0, c) + m.char + line.slice(c + 1); break
    case 'drop-line': lines.splice(i, 1); break
    case 'double-line': lines.splice(i, 0, line); break
    case 'swap-lines': {
      const j = m.other % lines.length
      ;[lines[i], lines[j]] = [lines[j]!, lines[i]!]
      break
    }
    default: lines[i] = line.slice(0, c)
  }
  return lines.join('\n')
}

describe('readers, fuzzed', () => {
  const timeout = DEEP ? 3_600_000 : 60_000

  it('random bytes (plain or gzip-wrapped), any chunking, any format forced or detected', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({maxLength: 2048}), fc.boolean(), arbCuts, arbFormat, async (bytes, gzip, cuts, format) => {
        const data = gzip ? gzipSync(bytes) : Buffer.from(bytes)
        await read(chunked(data, cuts), format)
      }),
      {numRuns: runs(150, 20_000)},
    )
  }, timeout)

  it('valid sessions cut short anywhere, in every format', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('jsonl', 'dumper', 'tracerpt-xml'), fc.nat(), arbCuts, fc.boolean(), async (which, cut, cuts, gzip) => {
        const whole = Buffer.from(valid[which]!)
        const part = whole.subarray(0, cut % (whole.length + 1))
        const data = gzip ? gzipSync(part).subarray(0, Math.max(2, Math.floor(part.length / 2))) : part
        await read(chunked(data, cuts), 'auto')
      }),
      {numRuns: runs(60, 5000)},
    )
  }, timeout)

  it('valid lines mutated: the file is still read to its end, bad lines reported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('jsonl', 'dumper', 'tracerpt-xml'), fc.array(arbMutation, {minLength: 1, maxLength: 6}), arbCuts, async (which, mutations, cuts) => {
        let text = valid[which]!
        for (const m of mutations) text = mutate(text, m)
        await read(chunked(Buffer.from(text), cuts), 'auto')
      }),
      {numRuns: runs(80, 10_000)},
    )
  }, timeout)

  it('a mutated JSON Lines session goes on after its bad lines (never fatal once the header is good)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbMutation, {minLength: 1, maxLength: 4}), arbCuts, async (mutations, cuts) => {
        const [header, ...rest] = valid.jsonl!.split('\n')
        let body = rest.join('\n')
        for (const m of mutations) body = mutate(body, m)
        // A NUL in the first bytes reads as a binary file: keep the sniffed head clean.
        const text = `${header}\n${body.replace(/\u0000/g, ' ')}`
        expect(await read(chunked(Buffer.from(text), cuts), 'jsonl-direct')).toBe('ok')
      }),
      {numRuns: runs(40, 5000)},
    )
  }, timeout)

  // Inputs the fuzzer found that broke a reader, kept as regressions.
  it('the tracerpt XML reader, forced on an empty input, reads no event (was: a TypeError in TracerptXmlReader.end)', async () => {
    expect(await read([], 'tracerpt-xml')).toBe('ok')
  })

  it('a damaged dumper layout line (a `"` in it) is no layout: its rows are reported (was: a TypeError)', async () => {
    const text = valid.dumper!.replace('WskAcceptEvent/win:Start,  TimeStamp', 'WskAcceptEvent/win:Start,"  TimeStamp')
    expect(await read([Buffer.from(text)], 'auto')).toBe('ok')
  })

  it('a control character before a dumper layout\'s TimeStamp title: the same (was: the same TypeError)', async () => {
    const text = valid.dumper!.replace('WskAcceptEvent/win:Start,  TimeStamp', 'WskAcceptEvent/win:Start,\u000e  TimeStamp')
    expect(await read([Buffer.from(text)], 'auto')).toBe('ok')
  })
})
