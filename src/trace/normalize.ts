/**
 * Raw record (one parsed JSON line, or a record built by an ETW reader) → TraceEvent.
 *
 * Runs once per event, so: one pass over the keys the record has, a switch per key, no regex, no
 * spread of the raw record. Extra keys are skipped (kept in the file, ignored by the rules).
 * It checks every type it converts, so a reader that skips the ajv schema still gets one-line
 * errors naming the field: `field "status": unknown NTSTATUS name "STATUS_BOGUS"`.
 *
 * Absent vs null: a key that is absent stays `undefined` on the event (unknown; every event has
 * the same shape, see newTraceEvent); an explicit `null` becomes `null` where the type allows it
 * (ids, `inspectId`, `timeout`) and is an error elsewhere.
 */
import {newTraceEvent, resetTraceEvent} from './event.js'
import type {Id, Phase, TraceEvent} from './event.js'
import {canonicalEventName, suggestEventName} from './event-catalogue.js'
import {normalizeHexText, normalizeId, normalizeInspectId} from './ids.js'
import {INSPECT_ACTIONS} from './inspect-action.js'
import {IRQL_NAMES, parseIrql} from './irql.js'
import {NameTable, nameOrNumber, parseIntegerText, parseNameMask, unknownName} from './name-table.js'
import {ntStatusError, parseNtStatus} from './ntstatus.js'
import {parsePool} from './pool-type.js'
import {SOCKET_OPTIONS} from './socket-options.js'
import {WSK_REQUEST_NAMES} from './control-codes.js'
import {WSK_EVENT_MASK, WSK_FLAG_NAMES} from './wsk-flags.js'

/**
 * Why a record is not a valid event: one line naming the field. `'error' in r` tells it from an
 * event, but {@link isNormalizeError} is cheaper on the hot path.
 */
export interface NormalizeError {
  error: string
}

/**
 * The errors of this module are instances of a class, so that telling them from events is one
 * prototype check (`'error' in e` on events of many shapes is a slow megamorphic miss).
 */
class RecordError implements NormalizeError {
  constructor(readonly error: string) {}
}

/** A NormalizeError that {@link isNormalizeError} recognises (make them only this way). */
export function normalizeError(message: string): NormalizeError {
  return new RecordError(message)
}

/** For results of normalizeEvent / recordToEvent / normalizeError: one prototype check. */
export function isNormalizeError(r: unknown): r is NormalizeError {
  return r instanceof RecordError
}

/** Names `value` accepts: an event mask, or TRUE/FALSE as a driver writes a BOOLEAN/ULONG switch. */
const OPTION_VALUE_NAMES = NameTable.merge('option value', WSK_EVENT_MASK, new NameTable('boolean', [['TRUE', 1], ['FALSE', 0]]))

const INT32_MIN = -0x80000000
const UINT32_MAX = 0xffffffff

/** `field "x": <why>`, the form every message of this module takes. */
function fail(field: string, why: string): NormalizeError {
  return new RecordError(`field "${field}": ${why}`)
}

/** fail() for the field of code `code`. */
function failAt(code: number, why: string): NormalizeError {
  return fail(FIELD_NAMES[code] ?? '?', why)
}

/** A value for a message: JSON, cut short. */
function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v)
  return s.length > 40 ? s.slice(0, 37) + '...' : s
}

/** The fields of a record, by code (index + 1): the order of the switch below, commonest first. */
export const FIELD_NAMES: readonly string[] = ['', 'ts', 'tid', 'event', 'phase', 'irql', 'cpu', 'socket', 'status', 'irp', 'flags', 'context', 'acceptSocket', 'localAddress', 'remoteAddress', 'dispatch', 'information', 'address', 'option', 'value', 'request', 'inspectId', 'inspectIdPtr', 'action', 'object', 'timeout', 'pool']

/** The fields whose values are ids (convertField converts them all with toId). */
export const ID_FIELDS: ReadonlySet<string> = new Set(['socket', 'irp', 'context', 'acceptSocket', 'localAddress', 'remoteAddress', 'dispatch', 'information', 'address', 'inspectIdPtr', 'object'])

/** Field name → code; 0 for a key the spec does not define (kept in the file, ignored here). */
const FIELD_CODES: ReadonlyMap<string, number> = new Map(FIELD_NAMES.map((name, code) => [name, code] as [string, number]).slice(1))

/** The code of a record key; 0 when the spec does not define it. */
export function fieldCode(key: string): number {
  return FIELD_CODES.get(key) ?? 0
}

/**
 * What convertField takes as a `ts`, and as a `cpu`: small enough to be inlined where a reader
 * fills events from numbers it read itself (map-event.ts `fill`), which calls convertField only
 * for what these refuse (so the error is worded once, here).
 */
export function isTimestamp(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

export function isCpuNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
}

/**
 * Field `code`'s JSON value `v` → its value on the event (what EventBuilder.store takes), or the
 * NormalizeError naming the field. The one place where a record's values are checked and converted.
 */
export function convertField(code: number, v: unknown): unknown {
  switch (code) {
    case 1: // ts
      if (!isTimestamp(v)) return failAt(code, `must be a number (got ${show(v)})`)
      return v
    case 2: // tid
      if (typeof v === 'number') {
        if (!Number.isInteger(v)) return failAt(code, `must be an integer or a string (got ${show(v)})`)
        return v
      } else if (typeof v === 'string') {
        if (v.length === 0) return failAt(code, 'empty thread id')
        return threadId(v)
      } else return failAt(code, `must be an integer or a string (got ${show(v)})`)
    case 3: { // event
      if (typeof v !== 'string') return failAt(code, `must be a DDI name (got ${show(v)})`)
      const name = canonicalEventName(v)
      if (name === undefined) {
        const hint = suggestEventName(v)
        return failAt(code, `unknown event "${v}", not a DDI of the wsk-trace v1 catalogue` + (hint !== undefined ? ` (did you mean "${hint}"?)` : ''))
      }
      return name
    }
    case 4: // phase
      if (v !== 'enter' && v !== 'exit') return failAt(code, `must be "enter" or "exit" (got ${show(v)})`)
      return v
    case 5: { // irql
      if (typeof v !== 'number' && typeof v !== 'string') return failAt(code, `must be 0..31 or PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL (got ${show(v)})`)
      const irql = parseIrql(v)
      if (irql === undefined) return failAt(code, typeof v === 'string' ? unknownName(v, IRQL_NAMES) : `must be an integer 0..31 (got ${show(v)})`)
      return irql
    }
    case 6: // cpu
      if (!isCpuNumber(v)) return failAt(code, `must be a non-negative integer (got ${show(v)})`)
      return v
    case 8: { // status
      if (typeof v !== 'string' && typeof v !== 'number') return failAt(code, `must be an NTSTATUS name, hex text or number (got ${show(v)})`)
      const status = parseNtStatus(v)
      if (status === undefined) return failAt(code, ntStatusError(v))
      return status
    }
    case 10: { // flags
      const flags = toMask(v, WSK_FLAG_NAMES)
      if (typeof flags !== 'number') return failAt(code, flags.error)
      return flags
    }
    case 18: { // option
      const option = toCode(v, SOCKET_OPTIONS)
      if (typeof option !== 'number') return failAt(code, option.error)
      return option
    }
    case 19: { // value
      if (typeof v === 'boolean') return v ? 1 : 0
      else if (typeof v === 'number') {
        if (!Number.isFinite(v)) return failAt(code, `must be a number, a boolean or names (got ${show(v)})`)
        // A negative 32-bit integer is a ULONG printed signed (WSK_EVENT_DISABLE|…): make it unsigned.
        return v < 0 && v >= INT32_MIN && Number.isInteger(v) ? v >>> 0 : v
      } else if (typeof v === 'string') {
        const mask = parseNameMask(v, OPTION_VALUE_NAMES)
        if (typeof mask !== 'number') return failAt(code, mask.error)
        return mask
      } else return failAt(code, `must be a number, a boolean or names (got ${show(v)})`)
    }
    case 20: { // request
      const request = toCode(v, WSK_REQUEST_NAMES)
      if (typeof request !== 'number') return failAt(code, request.error)
      return request
    }
    case 21: { // inspectId
      if (typeof v !== 'string' && v !== null) return failAt(code, `must be "KEY:SERIAL" or null (got ${show(v)})`)
      const inspectId = normalizeInspectId(v)
      if (inspectId === undefined) return failAt(code, `must be "KEY:SERIAL", the Key and SerialNumber of WSK_INSPECT_ID (got ${show(v)})`)
      return inspectId
    }
    case 23: { // action
      if (typeof v === 'number') {
        // Any integer is valid input; other than 0/1/2 it is a contract violation the rules report.
        if (!Number.isInteger(v)) return failAt(code, `must be an inspect action name or an integer (got ${show(v)})`)
        return v
      } else if (typeof v === 'string') {
        const action = INSPECT_ACTIONS.value(v) ?? parseIntegerText(v)
        if (action === undefined) return failAt(code, unknownName(v, INSPECT_ACTIONS))
        return action
      } else return failAt(code, `must be an inspect action name or an integer (got ${show(v)})`)
    }
    case 25: // timeout
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return failAt(code, `must be a number of 100 ns units or null (got ${show(v)})`)
      return v
    case 26: // pool
      return v
    // Ids. `information` is an id (the new socket of WskSocket / WskAccept IRPs) or a count: both read as ids.
    case 7: // socket
    case 9: // irp
    case 11: // context
    case 12: // acceptSocket
    case 13: // localAddress
    case 14: // remoteAddress
    case 15: // dispatch
    case 16: // information
    case 17: // address
    case 22: // inspectIdPtr
    case 24: // object
    {
      const id = toId(v)
      return id === undefined ? failAt(code, idError(v)) : id
    }
    default:
      // Unknown extra field: kept in the file, ignored here.
      return undefined
  }
}



/**
 * Builds one event field by field, with convertField. normalizeEvent feeds it the keys of a parsed object; the JSONL reader's scanner
 * (record-scanner.ts) feeds it values read straight from the line. Fields may come in any order.
 */
export class EventBuilder {
  private e: TraceEvent = newTraceEvent(0)
  private required = 0 // bits: 1 ts, 2 tid, 4 event
  private pool: unknown // read by finish(): a bare number means POOL_TYPE or POOL_FLAGS by `event`

  /** Starts a record: written into `into` (reset first), else into a new event. */
  begin(line: number, into?: TraceEvent): void {
    this.e = into !== undefined ? resetTraceEvent(into, line) : newTraceEvent(line)
    this.required = 0
    this.pool = undefined
  }

  /** Sets field `code` (see fieldCode; 0 is ignored) to the JSON value `v`; the error names the field. */
  set(code: number, v: unknown): NormalizeError | undefined {
    const x = convertField(code, v)
    if (isNormalizeError(x)) return x
    this.store(code, x)
    return undefined
  }

  /**
   * Stores a value convertField made for field `code` (a reader may keep and reuse those). One
   * named store per field: a keyed store `e[FIELD_NAMES[code]] = x` costs several times more.
   */
  store(code: number, x: unknown): void {
    const e = this.e
    switch (code) {
      case 1: // ts
        e.ts = x as number
        this.required |= 1
        break
      case 2: // tid
        e.tid = x as number | string
        this.required |= 2
        break
      case 3: // event
        e.event = x as string
        this.required |= 4
        break
      case 4: // phase
        e.phase = x as Phase
        break
      case 5: // irql
        e.irql = x as number
        break
      case 6: // cpu
        e.cpu = x as number
        break
      case 7: // socket
        e.socket = x as Id | null
        break
      case 8: // status
        e.status = x as number
        break
      case 9: // irp
        e.irp = x as Id | null
        break
      case 10: // flags
        e.flags = x as number
        break
      case 11: // context
        e.context = x as Id | null
        break
      case 12: // acceptSocket
        e.acceptSocket = x as Id | null
        break
      case 13: // localAddress
        e.localAddress = x as Id | null
        break
      case 14: // remoteAddress
        e.remoteAddress = x as Id | null
        break
      case 15: // dispatch
        e.dispatch = x as Id | null
        break
      case 16: // information
        e.information = x as Id | null
        break
      case 17: // address
        e.address = x as Id | null
        break
      case 18: // option
        e.option = x as number
        break
      case 19: // value
        e.value = x as number
        break
      case 20: // request
        e.request = x as number
        break
      case 21: // inspectId
        e.inspectId = x as string | null
        break
      case 22: // inspectIdPtr
        e.inspectIdPtr = x as Id | null
        break
      case 23: // action
        e.action = x as number
        break
      case 24: // object
        e.object = x as Id | null
        break
      case 25: // timeout
        e.timeout = x as number | null
        break
      case 26: // pool: read by finish(), where `event` is known
        this.pool = x
        break
      default:
        break
    }
  }

  /** The event, once every field is set; or why it is not one (a required field missing, a bad pool). */
  finish(): TraceEvent | NormalizeError {
    const e = this.e
    const required = this.required
    if (required !== 7) return fail((required & 1) === 0 ? 'ts' : (required & 2) === 0 ? 'tid' : 'event', 'required field is missing')
    const pool = this.pool
    if (pool !== undefined) {
      if (typeof pool !== 'string' && typeof pool !== 'number') return fail('pool', `must be a pool name or number (got ${show(pool)})`)
      const kind = parsePool(pool, e.event)
      if (typeof kind !== 'string') return fail('pool', kind.error)
      e.pool = kind
    }
    return e
  }
}

const builder = new EventBuilder()

/**
 * With `into`, the record is written into that event (reset first) instead of a new one: a reader
 * whose consumer keeps no reference to past events (lint) saves one allocation per line.
 */
export function normalizeEvent(raw: Record<string, unknown>, line: number, into?: TraceEvent): TraceEvent | NormalizeError {
  // One pass over the record's own keys, required ones included: on records of many shapes a
  // named load (`raw.ts`) is megamorphic, while for-in reads each field by index.
  builder.begin(line, into)
  for (const key in raw) {
    const err = builder.set(fieldCode(key), raw[key])
    if (err !== undefined) return err
  }
  return builder.finish()
}

/**
 * Thread ids: integers (decimal or `0x` text too) become numbers; a hex value beyond 2^53 (a
 * KTHREAD pointer) stays normalised hex text, so two threads never collapse into one double.
 */
function threadId(s: string): number | string {
  const n = parseIntegerText(s)
  if (n !== undefined && n >= 0) return n
  return normalizeHexText(s) ?? s
}

/** An id field's value → normalised id or null; undefined when it is not an id. */
function toId(v: unknown): Id | null | undefined {
  if (typeof v === 'string') return v.length === 0 ? undefined : normalizeId(v)
  if (v === null) return null
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? normalizeId(v) : undefined
  return undefined
}

function idError(v: unknown): string {
  if (v === '') return 'empty id (write null for a NULL pointer)'
  if (typeof v === 'number' && Number.isInteger(v) && v > Number.MAX_SAFE_INTEGER) {
    return `${show(v)} is beyond 2^53 and not exact as a JSON number: write the pointer as "0x…" text`
  }
  return `must be an id: "0x…" pointer text, a name, a non-negative integer or null (got ${show(v)})`
}

/** `flags`: names joined by '|', or a 32-bit number (signed or unsigned) → unsigned. */
function toMask(v: unknown, table: NameTable): number | NormalizeError {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= INT32_MIN && v <= UINT32_MAX) return v >>> 0
    return {error: `must be flag names joined by "|" or a 32-bit integer (got ${show(v)})`}
  }
  if (typeof v === 'string') return parseNameMask(v, table)
  return {error: `must be flag names joined by "|" or a 32-bit integer (got ${show(v)})`}
}

/** `option` / `request`: one name, or a 32-bit number (also as `0x…` text) → unsigned. */
function toCode(v: unknown, table: NameTable): number | NormalizeError {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= INT32_MIN && v <= UINT32_MAX) return v >>> 0
    return {error: `must be a ${table.what} name or a 32-bit integer (got ${show(v)})`}
  }
  if (typeof v === 'string') return nameOrNumber(v, table)
  return {error: `must be a ${table.what} name or a 32-bit integer (got ${show(v)})`}
}
