// The RecordScanner must accept only what JSON.parse + normalizeEvent accept, with the same event:
// lint's verdicts may not depend on which of the two paths read a line.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {newTraceEvent, type TraceEvent} from '../../src/trace/event.js'
import {isNormalizeError, normalizeEvent} from '../../src/trace/normalize.js'
import {RecordScanner} from '../../src/trace/record-scanner.js'

/** What the JSON.parse path makes of `line`: the event, or undefined when it refuses the line. */
function viaJsonParse(line: string, n: number): TraceEvent | undefined {
  let obj: unknown
  try {
    obj = JSON.parse(line)
  } catch {
    return undefined
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined
  const e = normalizeEvent(obj as Record<string, unknown>, n)
  return isNormalizeError(e) ? undefined : e
}

function scan(scanner: RecordScanner, line: string, n = 7): TraceEvent | undefined {
  const buf = Buffer.from(line, 'utf8')
  let i = 0
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++
  const e = scanner.scan(buf, i, buf.length, n, newTraceEvent(0))
  return e === undefined ? undefined : {...e}
}

describe('RecordScanner', () => {
  it('reads a plain record exactly as JSON.parse + normalizeEvent', () => {
    const scanner = new RecordScanner()
    const line = '{"ts":12,"tid":4,"cpu":1,"irql":"DISPATCH_LEVEL","event":"WskAcceptEvent","phase":"enter","socket":"0xFFFFA00110000800","flags":"WSK_FLAG_AT_DISPATCH_LEVEL","localAddress":"0xffffa00220000010","remoteAddress":null,"acceptSocket":"0xffffa00110001000","status":"STATUS_SUCCESS"}'
    const e = scan(scanner, line)
    expect(e).toEqual(viaJsonParse(line, 7))
    expect(e?.socket).toBe('0xffffa00110000800')
    expect(e?.irql).toBe(2)
    // The second sighting of a value comes from the scanner's slots: same result.
    expect(scan(scanner, line)).toEqual(e)
  })

  it('gives the same strings each time a value repeats (the replay hashes them once)', () => {
    const scanner = new RecordScanner()
    const a = scan(scanner, '{"ts":1,"tid":1,"event":"WskBind","socket":"0xffffa00110000800"}')?.socket
    const b = scan(scanner, '{"ts":2,"tid":1,"event":"WskCloseSocket","socket":"0xffffa00110000800"}')?.socket
    expect(a).toBe('0xffffa00110000800')
    expect(Object.is(a, b)).toBe(true)
    // A value first seen in a field where it is invalid is not kept as valid for another.
    expect(scan(scanner, '{"ts":3,"tid":1,"event":"WskBind","status":"0xffffa00110000800"}')).toBeUndefined()
  })

  it.each([
    ['an escape in a string', '{"ts":1,"tid":1,"event":"Wsk\\u0042ind"}'],
    ['an escape in a key', '{"t\\u0073":1,"tid":1,"event":"WskBind"}'],
    ['a duplicate key', '{"ts":1,"tid":1,"event":"WskBind","ts":2}'],
    ['a nested value', '{"ts":1,"tid":1,"event":"WskBind","extra":{"a":1}}'],
    ['an array value', '{"ts":1,"tid":1,"event":"WskBind","extra":[1]}'],
    ['non-ASCII text', '{"ts":1,"tid":1,"event":"WskBind","note":"é"}'],
    ['a leading zero', '{"ts":01,"tid":1,"event":"WskBind"}'],
    ['a plus sign', '{"ts":+1,"tid":1,"event":"WskBind"}'],
    ['a bare fraction', '{"ts":.5,"tid":1,"event":"WskBind"}'],
    ['a trailing comma', '{"ts":1,"tid":1,"event":"WskBind",}'],
    ['text after the object', '{"ts":1,"tid":1,"event":"WskBind"} x'],
    ['an empty object', '{}'],
    ['a missing required field', '{"ts":1,"event":"WskBind"}'],
    ['an unknown event', '{"ts":1,"tid":1,"event":"WskBogus"}'],
    ['a bad NTSTATUS', '{"ts":1,"tid":1,"event":"WskBind","status":"STATUS_BOGUS"}'],
    ['a bad pool for its event', '{"ts":1,"tid":1,"event":"ExAllocatePoolWithTag","pool":"BogusPool"}'],
    ['an unterminated string', '{"ts":1,"tid":1,"event":"WskBind'],
    ['a single-quoted string', "{'ts':1}"],
    ['a control character in a string', '{"ts":1,"tid":1,"event":"WskBind","note":"a\tb"}'],
  ])('leaves %s to the JSON.parse path', (_what, line) => {
    expect(scan(new RecordScanner(), line)).toBeUndefined()
  })

  it('reads numbers as JSON does: fractions, exponents, negatives, -0, long integers', () => {
    const scanner = new RecordScanner()
    for (const ts of ['1.5', '-2', '1e3', '2.5E-2', '-0', '0', '12345678901234567', '9007199254740993']) {
      const line = `{"ts":${ts},"tid":3,"event":"WskBind","timeout":${ts}}`
      const e = scan(scanner, line)
      expect(e, ts).toEqual(viaJsonParse(line, 7))
      expect(Object.is(e?.ts, JSON.parse(ts)), ts).toBe(true)
    }
  })

  // Random records of the spec's keys (and others), valid and invalid values, any order, blanks.
  const arbValue = fc.oneof(
    fc.constantFrom('"0xffffa00110000800"', '"0xFFFFA00110000800"', '"0x0"', '"0x00001000"', '"listener"', '""', 'null', '0', '4096', '-1', '1.5', 'true', 'false', '"x"'),
    fc.constantFrom('"WskAcceptEvent"', '"WskBind"', '"IoCompletion"', '"enter"', '"exit"', '"point"', '"STATUS_SUCCESS"', '"0xC0000120"', '"STATUS_PENDING"', '-1073741536'),
    fc.constantFrom('"PASSIVE_LEVEL"', '"DISPATCH_LEVEL"', '2', '40', '"WSK_FLAG_LISTEN_SOCKET|WSK_FLAG_AT_DISPATCH_LEVEL"', '"WSK_FLAG_BOGUS"', '"NonPagedPoolNx"', '"PagedPool"', '1'),
    fc.constantFrom('"k:1"', '"0xABC:007"', '"nope"', '"WskInspectAccept"', '"pend"', '"SO_WSK_EVENT_CALLBACK"', '"WSK_EVENT_ACCEPT"', '{}', '[1]', '"a\\"b"'),
    fc.integer().map(String),
    fc.double({noNaN: true, noDefaultInfinity: true}).map((d) => JSON.stringify(d)),
  )
  const KEYS = ['ts', 'tid', 'event', 'phase', 'irql', 'cpu', 'socket', 'status', 'irp', 'flags', 'context', 'acceptSocket', 'localAddress', 'remoteAddress', 'dispatch', 'information', 'address', 'option', 'value', 'request', 'inspectId', 'inspectIdPtr', 'action', 'object', 'timeout', 'pool', 'extra', '__proto__', '1', 'Ts']
  const arbBlank = fc.constantFrom('', '', '', ' ', '\t', '  ')
  const arbRecord = fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...KEYS), arbValue, arbBlank, arbBlank), {maxLength: 10}),
      fc.integer({min: 0, max: 100}),
      fc.constantFrom('"WskAcceptEvent"', '"WskBind"', '"ExAllocatePoolWithTag"', '"WskControlSocket"', '"WskInspectComplete"'),
    )
    .map(([fields, ts, event]) => {
      const all: [string, string, string, string][] = [['ts', String(ts), '', ''], ['tid', '4', '', ''], ['event', event, ' ', ''], ...fields]
      return '{' + all.map(([k, v, b1, b2]) => `${b1}"${k}"${b2}:${b1}${v}`).join(',') + '}'
    })

  it('accepts only what JSON.parse + normalizeEvent accept, with the same event (property)', () => {
    const scanner = new RecordScanner() // one scanner for all runs: its slots are warm and recycled
    let scanned = 0
    fc.assert(
      fc.property(arbRecord, (line) => {
        const fast = scan(scanner, line)
        if (fast === undefined) return
        scanned++
        expect(fast).toEqual(viaJsonParse(line, 7))
      }),
      {numRuns: 3000},
    )
    // The property says nothing if the scanner refused everything.
    expect(scanned).toBeGreaterThan(300)
  })

  // The same records with one byte changed: a quote, colon or comma lost or moved, a key cut short
  // or run on ("ts"x:, "inspectId" for "inspectIdPtr"). The scanner reads keys and strings several
  // bytes at a time; a damaged line must still be refused or read exactly as JSON.parse reads it.
  it('never accepts a damaged record that JSON.parse + normalizeEvent refuse (property)', () => {
    const scanner = new RecordScanner()
    let scanned = 0
    fc.assert(
      fc.property(arbRecord, fc.nat(), fc.constantFrom('"', ':', ',', '\\', ' ', 'x', '}', '{', 'P', '0', ''), (line, at, ch) => {
        const k = at % line.length
        const damaged = line.slice(0, k) + ch + line.slice(k + 1)
        const fast = scan(scanner, damaged)
        if (fast === undefined) return
        scanned++
        expect(fast, damaged).toEqual(viaJsonParse(damaged, 7))
      }),
      {numRuns: 10000},
    )
    // Most damage makes a line invalid; enough must survive for the property to say something.
    expect(scanned).toBeGreaterThan(150)
  })
})
