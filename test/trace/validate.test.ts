import {readFileSync} from 'node:fs'
import {Ajv} from 'ajv'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {DEFAULT_HEADER} from '../../src/trace/event.js'
import {EVENT_NAMES} from '../../src/trace/event-catalogue.js'
import {isNormalizeError, normalizeEvent} from '../../src/trace/normalize.js'
import {isPlainHeader, parseHeader, recordToEvent, validateEventRecord} from '../../src/trace/validate.js'

const eventSchema = JSON.parse(readFileSync(new URL('../../schemas/trace-event.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, {enum?: string[]}>
}

describe('the event schema', () => {
  it('lists exactly the event catalogue', () => {
    expect([...(eventSchema.properties.event.enum ?? [])].sort()).toEqual([...EVENT_NAMES].sort())
  })

  it('describes every field of TraceEvent the normaliser reads', () => {
    const fields = ['ts', 'tid', 'event', 'phase', 'cpu', 'irql', 'socket', 'irp', 'status', 'information', 'flags', 'acceptSocket', 'localAddress', 'remoteAddress', 'address', 'context', 'dispatch', 'inspectId', 'inspectIdPtr', 'action', 'option', 'value', 'request', 'pool', 'object', 'timeout']
    expect(Object.keys(eventSchema.properties).sort()).toEqual([...fields].sort())
  })
})

describe('validateEventRecord', () => {
  const ok = {ts: 0, tid: 4, event: 'WskSocket'}

  it('accepts valid records and unknown extra fields', () => {
    expect(validateEventRecord(ok)).toBeUndefined()
    expect(validateEventRecord({...ok, note: {any: 'thing'}})).toBeUndefined()
    expect(validateEventRecord({...ok, socket: null, status: -1073741616, value: true})).toBeUndefined()
  })

  it('gives one line with the JSON path', () => {
    expect(validateEventRecord({...ok, ts: '0'})).toBe('/ts: must be number (got "0")')
    expect(validateEventRecord({tid: 4, event: 'WskSocket'})).toBe('/ts: required field is missing')
    expect(validateEventRecord({...ok, phase: 'begin'})).toBe('/phase: must be one of "enter", "exit" (got "begin")')
    expect(validateEventRecord({...ok, socket: true})).toBe('/socket: must be string, integer or null (got true)')
    expect(validateEventRecord({...ok, irql: 40})).toBe('/irql: must be <= 31 (got 40)')
    expect(validateEventRecord({...ok, event: 'WskAcceptevent'})).toBe(
      '/event: unknown event "WskAcceptevent", not a DDI of the wsk-trace v1 catalogue (did you mean "WskAcceptEvent"?)',
    )
    expect(validateEventRecord([1])).toBe('/: must be a JSON object (got an array)')
  })
})

describe('recordToEvent', () => {
  it('prefers the schema message, else the normaliser names the field', () => {
    expect(recordToEvent({ts: '1', tid: 4, event: 'WskSocket'}, 3)).toEqual({error: '/ts: must be number (got "1")'})
    expect(recordToEvent({ts: 1, tid: 4, event: 'WskSocket', status: 'STATUS_NOPE'}, 3)).toEqual({
      error: 'field "status": unknown NTSTATUS name "STATUS_NOPE"',
    })
    const e = recordToEvent({ts: 1, tid: 4, event: 'WskSocket'}, 3)
    expect(isNormalizeError(e)).toBe(false)
  })

  // recordToEvent skips the schema for records the normaliser accepts: that is only right if the
  // normaliser never accepts what the schema refuses. Try every field with values of every kind.
  it('never accepts a record the schema refuses', () => {
    const odd: unknown[] = [
      null, true, false, 0, 1, -1, 1.5, -0.5, 31, 32, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 64,
      '', ' ', '0', '1', '-1', '0x0', '0x10', '0xFFFFFFFF', '0x1FFFFFFFF', 'x', 'enter', 'exit', 'WskSocket', 'STATUS_SUCCESS',
      'WSK_FLAG_LISTEN_SOCKET', 'WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE', 'DISPATCH_LEVEL', 'SO_CONDITIONAL_ACCEPT', 'WskSetOption',
      'WskInspectAccept', 'PagedPool', 'POOL_FLAG_PAGED', 'TRUE', 'a:1', '0x1:0x2', [], [1], {}, {a: 1},
    ]
    const fields = Object.keys(eventSchema.properties)
    let accepted = 0
    for (const event of ['WskSocket', 'ExAllocatePool2']) {
      for (const f of fields) {
        for (const v of odd) {
          const record = {ts: 1, tid: 4, event, [f]: v}
          const byNormaliser = !isNormalizeError(normalizeEvent(record, 1))
          if (byNormaliser) {
            accepted++
            expect(validateEventRecord(record), `${f}=${JSON.stringify(v)}`).toBeUndefined()
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(100)
  })
})

describe('parseHeader', () => {
  // A valid header is checked by hand (ajv is compiled only for a record that needs it): the hand
  // check must say what the schema says, on headers as JSON.parse makes them.
  it('checks a header by hand exactly as the schema does (property)', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/trace-header.schema.json', import.meta.url), 'utf8')) as object
    const ajvSays = new Ajv({allErrors: false, allowUnionTypes: true, strict: true}).compile(schema)
    const values: Record<string, string[]> = {
      format: ['"wsk-trace"', '"WSK-TRACE"', '"wsk-trace "', '1', 'null'],
      version: ['1', '1.0', '2', '"1"', 'true', '0.5', '-1'],
      timeUnit: ['"us"', '"ns"', '"ms"', '"s"', '"filetime"', '"US"', '"minutes"', '1', 'null', '[]'],
      eventsLost: ['0', '3', '-1', '-0', '1.5', '1e308', '"3"', 'null', 'true'],
      complete: ['true', 'false', '"true"', '0', 'null'],
      source: ['"xperf"', '""', '1', 'null', '{}'],
      extra: ['1', '"x"', 'null', '{"a":[1]}'],
      __proto__: ['{}', '1'],
    }
    // Each key: absent, its first (valid) value most of the time, or any of its values.
    const arbValue = (vs: string[]): fc.Arbitrary<string> => fc.oneof({weight: 4, arbitrary: fc.constant(vs[0] as string)}, {weight: 1, arbitrary: fc.constantFrom(...vs)})
    const arbHeader = fc.oneof(
      {weight: 20, arbitrary: fc.record(Object.fromEntries(Object.entries(values).map(([k, vs]) => [k, arbValue(vs)])), {requiredKeys: []}).map((r) => '{' + Object.entries(r).map(([k, v]) => `"${k}":${v}`).join(',') + '}')},
      {weight: 1, arbitrary: fc.constantFrom('[]', 'null', '"wsk-trace"', '1', '[{"format":"wsk-trace","version":1}]')},
    )
    let plain = 0
    fc.assert(
      fc.property(arbHeader, (text) => {
        const obj = JSON.parse(text) as unknown
        expect(isPlainHeader(obj), text).toBe(ajvSays(obj))
        if (isPlainHeader(obj)) plain++
      }),
      {numRuns: 2000},
    )
    expect(plain).toBeGreaterThan(50)
  })

  it('fills the defaults', () => {
    expect(parseHeader({format: 'wsk-trace', version: 1})).toEqual(DEFAULT_HEADER)
    expect(parseHeader({format: 'wsk-trace', version: 1, timeUnit: 'filetime', eventsLost: 3, complete: true, source: 'xperf', extra: 1})).toEqual({
      format: 'wsk-trace',
      version: 1,
      timeUnit: 'filetime',
      eventsLost: 3,
      complete: true,
      source: 'xperf',
    })
  })

  it('is fatal for another format or version, not for a bad optional key', () => {
    expect(parseHeader({format: 'other', version: 1})).toEqual({error: 'not a wsk-trace file: header "format" is "other"', fatal: true})
    expect(parseHeader({format: 'wsk-trace', version: 2})).toEqual({
      error: 'unsupported wsk-trace version 2 (this wsktrace reads version 1)',
      fatal: true,
    })
    expect(parseHeader({format: 'wsk-trace', version: 1, timeUnit: 'minutes'})).toEqual({
      error: 'header /timeUnit: must be one of "us", "ns", "ms", "s", "filetime" (got "minutes")',
    })
    expect(parseHeader({format: 'wsk-trace', version: 1, eventsLost: -1})).toEqual({error: 'header /eventsLost: must be >= 0 (got -1)'})
  })
})
