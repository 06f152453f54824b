import {describe, expect, it} from 'vitest'
import type {TraceEvent} from '../../src/trace/event.js'
import {isNormalizeError, normalizeError, normalizeEvent, type NormalizeError} from '../../src/trace/normalize.js'

const base = {ts: 10, tid: 4, event: 'WskSocket'}

/** Normalises and expects success. */
function ok(raw: Record<string, unknown>): TraceEvent {
  const r = normalizeEvent(raw, 7)
  if (isNormalizeError(r)) throw new Error(`unexpected error: ${r.error}`)
  return r
}

/** Normalises and expects an error. */
function err(raw: Record<string, unknown>): string {
  const r = normalizeEvent(raw, 7)
  if (!isNormalizeError(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`)
  return r.error
}

describe('normalizeEvent: required fields and phase', () => {
  it('builds the event with line, and phase point when absent', () => {
    expect(ok(base)).toEqual({line: 7, ts: 10, tid: 4, event: 'WskSocket', phase: 'point'})
    expect(ok({...base, phase: 'enter'}).phase).toBe('enter')
    expect(ok({...base, phase: 'exit'}).phase).toBe('exit')
  })

  it('names the missing or wrong field', () => {
    expect(err({tid: 4, event: 'WskSocket'})).toBe('field "ts": required field is missing')
    expect(err({ts: 1, event: 'WskSocket'})).toBe('field "tid": required field is missing')
    expect(err({ts: 1, tid: 4})).toBe('field "event": required field is missing')
    expect(err({...base, ts: '10'})).toBe('field "ts": must be a number (got "10")')
    expect(err({...base, tid: 1.5})).toBe('field "tid": must be an integer or a string (got 1.5)')
    expect(err({...base, phase: 'begin'})).toBe('field "phase": must be "enter" or "exit" (got "begin")')
    expect(err({...base, phase: null})).toBe('field "phase": must be "enter" or "exit" (got null)')
  })

  it('refuses an event outside the catalogue, with a hint for a wrong case', () => {
    expect(err({...base, event: 'WskFrobnicate'})).toBe('field "event": unknown event "WskFrobnicate", not a DDI of the wsk-trace v1 catalogue')
    expect(err({...base, event: 'wskacceptevent'})).toBe(
      'field "event": unknown event "wskacceptevent", not a DDI of the wsk-trace v1 catalogue (did you mean "WskAcceptEvent"?)',
    )
  })
})

describe('normalizeEvent: tid', () => {
  it('reads integers, decimal and hex text as numbers, keeps names', () => {
    expect(ok({...base, tid: 420}).tid).toBe(420)
    expect(ok({...base, tid: '420'}).tid).toBe(420)
    expect(ok({...base, tid: '0x1A4'}).tid).toBe(420)
    expect(ok({...base, tid: 'worker'}).tid).toBe('worker')
    expect(ok({...base, tid: '-1'}).tid).toBe('-1')
  })

  it('keeps a 64-bit thread pointer exact, as normalised hex text', () => {
    expect(ok({...base, tid: '0xFFFFA00100009080'}).tid).toBe('0xffffa00100009080')
  })
})

describe('normalizeEvent: ids', () => {
  const idFields = ['socket', 'irp', 'acceptSocket', 'localAddress', 'remoteAddress', 'address', 'context', 'dispatch', 'inspectIdPtr', 'object', 'information'] as const

  it('normalises every id field, absent stays undefined, null and zero are null', () => {
    for (const f of idFields) {
      expect(ok({...base, [f]: '0x0000FFFFA0010000'})[f], f).toBe('0xffffa0010000')
      expect(ok({...base, [f]: 4096})[f], f).toBe('0x1000')
      expect(ok({...base, [f]: 'my-socket'})[f], f).toBe('my-socket')
      expect(ok({...base, [f]: null})[f], f).toBeNull()
      expect(ok({...base, [f]: '0x0000000000000000'})[f], f).toBeNull()
      expect(ok({...base, [f]: 0})[f], f).toBeNull()
      expect(ok(base)[f], f).toBeUndefined()
    }
  })

  it('names the field of a bad id', () => {
    expect(err({...base, socket: true})).toBe('field "socket": must be an id: "0x…" pointer text, a name, a non-negative integer or null (got true)')
    expect(err({...base, irp: -1})).toBe('field "irp": must be an id: "0x…" pointer text, a name, a non-negative integer or null (got -1)')
    expect(err({...base, context: ''})).toBe('field "context": empty id (write null for a NULL pointer)')
    expect(err({...base, socket: 18446638520587145216})).toBe(
      'field "socket": 18446638520587145000 is beyond 2^53 and not exact as a JSON number: write the pointer as "0x…" text',
    )
  })
})

describe('normalizeEvent: status', () => {
  it('reads names, hex and signed or unsigned numbers', () => {
    expect(ok({...base, status: 'STATUS_SUCCESS'}).status).toBe(0)
    expect(ok({...base, status: '0xc00000d0'}).status).toBe(0xc00000d0)
    expect(ok({...base, status: -1073741616}).status).toBe(0xc00000d0)
    expect(ok({...base, status: 3221225680}).status).toBe(0xc00000d0)
  })

  it('names the field and the bad name', () => {
    expect(err({...base, status: 'STATUS_BOGUS'})).toBe('field "status": unknown NTSTATUS name "STATUS_BOGUS"')
    expect(err({...base, status: null})).toBe('field "status": must be an NTSTATUS name, hex text or number (got null)')
    expect(err({...base, status: 2 ** 32})).toBe('field "status": 4294967296 is not a 32-bit NTSTATUS')
  })
})

describe('normalizeEvent: flags, value, option, request', () => {
  it('OR-s flag names, keeps numbers unsigned', () => {
    expect(ok({...base, flags: 'WSK_FLAG_LISTEN_SOCKET'}).flags).toBe(1)
    expect(ok({...base, flags: 'WSK_FLAG_AT_DISPATCH_LEVEL|WSK_FLAG_ABORTIVE'}).flags).toBe(9)
    expect(ok({...base, flags: 8}).flags).toBe(8)
    expect(ok({...base, flags: -2147483136}).flags).toBe(0x80000200)
    expect(err({...base, flags: 'WSK_FLAG_LISTEN'})).toBe('field "flags": unknown WSK flag name "WSK_FLAG_LISTEN"')
    expect(err({...base, flags: true})).toBe('field "flags": must be flag names joined by "|" or a 32-bit integer (got true)')
  })

  it('reads value as booleans, numbers or event masks', () => {
    expect(ok({...base, value: true}).value).toBe(1)
    expect(ok({...base, value: false}).value).toBe(0)
    expect(ok({...base, value: 1}).value).toBe(1)
    expect(ok({...base, value: 'WSK_EVENT_ACCEPT'}).value).toBe(0x200)
    expect(ok({...base, value: 'WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE'}).value).toBe(0x80000200)
    expect(ok({...base, value: -2147483136}).value).toBe(0x80000200)
    expect(ok({...base, value: 'TRUE'}).value).toBe(1)
    expect(err({...base, value: 'WSK_EVENT_ACCEPTED'})).toBe('field "value": unknown option value name "WSK_EVENT_ACCEPTED"')
    expect(err({...base, value: null})).toBe('field "value": must be a number, a boolean or names (got null)')
  })

  it('reads option names and numbers', () => {
    expect(ok({...base, option: 'SO_CONDITIONAL_ACCEPT'}).option).toBe(0x3002)
    expect(ok({...base, option: 'SIO_WSK_QUERY_INSPECT_ID'}).option).toBe(0x4f000005)
    expect(ok({...base, option: 0x4002}).option).toBe(0x4002)
    expect(ok({...base, option: '0x4002'}).option).toBe(0x4002)
    expect(ok({...base, option: -5}).option).toBe(0xfffffffb)
    expect(err({...base, option: 'SO_BOGUS'})).toBe('field "option": unknown socket option name "SO_BOGUS"')
  })

  it('reads request types and control codes', () => {
    expect(ok({...base, request: 'WskSetOption'}).request).toBe(0)
    expect(ok({...base, request: 'WskIoctl'}).request).toBe(2)
    expect(ok({...base, request: 'WSK_SET_STATIC_EVENT_CALLBACKS'}).request).toBe(7)
    expect(ok({...base, request: 3}).request).toBe(3)
    expect(err({...base, request: 'WskSetOptions'})).toBe('field "request": unknown request name "WskSetOptions"')
  })
})

describe('normalizeEvent: irql, cpu, action, inspectId, pool, timeout', () => {
  it('reads irql names and numbers', () => {
    expect(ok({...base, irql: 'DISPATCH_LEVEL'}).irql).toBe(2)
    expect(ok({...base, irql: 0}).irql).toBe(0)
    expect(err({...base, irql: 'dispatch_level'})).toBe('field "irql": unknown IRQL name "dispatch_level" (did you mean "DISPATCH_LEVEL"?)')
    expect(err({...base, irql: 32})).toBe('field "irql": must be an integer 0..31 (got 32)')
  })

  it('reads cpu', () => {
    expect(ok({...base, cpu: 3}).cpu).toBe(3)
    expect(err({...base, cpu: -1})).toBe('field "cpu": must be a non-negative integer (got -1)')
  })

  it('reads actions by name (both spellings) or any integer', () => {
    expect(ok({...base, action: 'WskInspectAccept'}).action).toBe(1)
    expect(ok({...base, action: 'InspectReject'}).action).toBe(0)
    expect(ok({...base, action: 'WskInspectPend'}).action).toBe(2)
    expect(ok({...base, action: 7}).action).toBe(7)
    expect(err({...base, action: 'Accept'})).toBe('field "action": unknown inspect action name "Accept"')
  })

  it('normalises inspectId and keeps null', () => {
    expect(ok({...base, inspectId: '0xFFFFA00100005000:0007'}).inspectId).toBe('0xffffa00100005000:7')
    expect(ok({...base, inspectId: null}).inspectId).toBeNull()
    expect(err({...base, inspectId: '0xffffa00100005000'})).toBe(
      'field "inspectId": must be "KEY:SERIAL", the Key and SerialNumber of WSK_INSPECT_ID (got "0xffffa00100005000")',
    )
    expect(err({...base, inspectId: 5})).toBe('field "inspectId": must be "KEY:SERIAL" or null (got 5)')
  })

  it('reads the pool by the event, whatever the key order', () => {
    expect(ok({pool: 0x100, ts: 1, tid: 1, event: 'ExAllocatePool2'}).pool).toBe('paged')
    expect(ok({...base, event: 'ExAllocatePoolWithTag', pool: 0x100}).pool).toBe('nonpaged')
    expect(ok({...base, event: 'ExAllocatePoolWithTag', pool: 'PagedPool'}).pool).toBe('paged')
    expect(err({...base, event: 'ExAllocatePoolWithTag', pool: 'Paged'})).toBe(
      'field "pool": unknown pool name "Paged" (expected a POOL_TYPE name, POOL_FLAG_* names or a number)',
    )
  })

  it('keeps timeout numbers and null (wait forever)', () => {
    expect(ok({...base, timeout: 0}).timeout).toBe(0)
    expect(ok({...base, timeout: -10000000}).timeout).toBe(-10000000)
    expect(ok({...base, timeout: null}).timeout).toBeNull()
    expect(err({...base, timeout: '1s'})).toBe('field "timeout": must be a number of 100 ns units or null (got "1s")')
  })
})

describe('normalizeEvent: the raw record', () => {
  it('drops unknown extra fields and does not touch the raw record', () => {
    const raw = {...base, socket: '0xABC', note: 'hello', Socket: 'other'}
    const copy = structuredClone(raw)
    const e = ok(raw)
    expect(e).toEqual({line: 7, ts: 10, tid: 4, event: 'WskSocket', phase: 'point', socket: '0xabc'})
    expect(raw).toEqual(copy)
  })

  it('normalises the example of the spec', () => {
    const e = ok({
      ts: 100,
      tid: 9,
      irql: 2,
      event: 'WskAcceptEvent',
      phase: 'enter',
      socket: '0xffffa00100001000',
      flags: 'WSK_FLAG_AT_DISPATCH_LEVEL',
      acceptSocket: '0xffffa00100002000',
      localAddress: '0xffffa00100004000',
      remoteAddress: '0xffffa00100004080',
    })
    expect(e).toEqual({
      line: 7,
      ts: 100,
      tid: 9,
      event: 'WskAcceptEvent',
      phase: 'enter',
      irql: 2,
      socket: '0xffffa00100001000',
      flags: 8,
      acceptSocket: '0xffffa00100002000',
      localAddress: '0xffffa00100004000',
      remoteAddress: '0xffffa00100004080',
    })
  })
})

describe('isNormalizeError', () => {
  it('tells errors from events; `error in` works too', () => {
    const e: NormalizeError = normalizeError('x')
    expect(isNormalizeError(e)).toBe(true)
    expect('error' in e).toBe(true)
    expect(isNormalizeError(ok(base))).toBe(false)
    expect('error' in ok(base)).toBe(false)
  })
})
