/**
 * Schema checks of raw records (`schemas/trace-event.schema.json`, `schemas/trace-header.schema.json`)
 * with ajv. Both schemas are compiled once, on first use (~30 ms), with allErrors off: the first
 * error is all a one-line message needs, and stopping there keeps a valid record's check cheap.
 */
import {readFileSync} from 'node:fs'
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'
import {DEFAULT_HEADER, type TimeUnit, type TraceEvent, type TraceHeader} from './event.js'
import {suggestEventName} from './event-catalogue.js'
import {isNormalizeError, normalizeError, normalizeEvent, type NormalizeError} from './normalize.js'

/** A header the reader cannot use. `fatal`: not a wsk-trace v1 file at all, stop reading it. */
export interface HeaderError {
  error: string
  fatal?: boolean
}

interface Validators {
  event: ValidateFunction
  header: ValidateFunction
}

let validators: Validators | undefined

/**
 * Compiled once, when a record first needs ajv: a valid file never does (see isPlainHeader), and
 * the first compile costs ~30 ms, 3% of linting a million events. Schemas live at <package
 * root>/schemas: two levels up from src/trace and from dist/trace.
 */
function compiled(): Validators {
  if (validators === undefined) {
    const ajv = new Ajv({allErrors: false, allowUnionTypes: true, strict: true})
    const load = (name: string): object => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as object
    validators = {event: ajv.compile(load('trace-event.schema.json')), header: ajv.compile(load('trace-header.schema.json'))}
  }
  return validators
}

const TIME_UNITS: ReadonlySet<unknown> = new Set<TimeUnit>(['us', 'ns', 'ms', 's', 'filetime'])

/**
 * `obj` (a JSON.parse result) is a header the schema accepts, checked by hand: every rule of
 * trace-header.schema.json, nothing more. False sends it to ajv, which decides and words the
 * error. A test holds this to ajv's verdict on random headers.
 */
export function isPlainHeader(obj: unknown): boolean {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return false
  const h = obj as Record<string, unknown>
  if (h.format !== 'wsk-trace' || h.version !== 1) return false
  if (h.timeUnit !== undefined && !TIME_UNITS.has(h.timeUnit)) return false
  if (h.eventsLost !== undefined && (typeof h.eventsLost !== 'number' || !(h.eventsLost >= 0))) return false
  if (h.complete !== undefined && typeof h.complete !== 'boolean') return false
  if (h.source !== undefined && typeof h.source !== 'string') return false
  return true
}

/** undefined when `obj` is a valid event record, else e.g. `/ts: must be number (got "12")`. */
export function validateEventRecord(obj: unknown): string | undefined {
  const v = compiled().event
  if (v(obj)) return undefined
  return describeError(v.errors?.[0], obj)
}

/**
 * A raw record → TraceEvent, or the one-line reason it is invalid: the schema's message (with its
 * JSON path) when the record breaks the schema, else the normaliser's (unknown names, bad ids).
 *
 * Same result as "validateEventRecord, then normalizeEvent", in the cheaper order: the normaliser
 * checks every type it converts and accepts a subset of what the schema accepts (a test holds it
 * to that), so a record it accepts needs no schema pass. ajv runs only for rejected records,
 * which keeps the reader near the speed of bare JSON.parse (~+40% otherwise).
 */
export function recordToEvent(record: Record<string, unknown>, line: number): TraceEvent | NormalizeError {
  const e = normalizeEvent(record, line)
  return isNormalizeError(e) ? normalizeError(invalidRecordMessage(record, e)) : e
}

/** The message for a record normalizeEvent refused: the schema's when it breaks the schema. */
export function invalidRecordMessage(record: unknown, refused: NormalizeError): string {
  return validateEventRecord(record) ?? refused.error
}

/**
 * A header record → the header with the defaults of DEFAULT_HEADER filled in, or why not.
 * A `format` other than `wsk-trace` or a `version` other than 1 is fatal; a bad optional key is not.
 */
export function parseHeader(obj: unknown): TraceHeader | HeaderError {
  const v = isPlainHeader(obj) ? undefined : compiled().header
  if (v !== undefined && !v(obj)) {
    const record = obj as Record<string, unknown> | null
    if (record !== null && typeof record === 'object' && !Array.isArray(record)) {
      if (record.format !== 'wsk-trace') return {error: `not a wsk-trace file: header "format" is ${brief(record.format)}`, fatal: true}
      if (record.version !== 1) return {error: `unsupported wsk-trace version ${brief(record.version)} (this wsktrace reads version 1)`, fatal: true}
    }
    return {error: 'header ' + describeError(v.errors?.[0], obj)}
  }
  const h = obj as {timeUnit?: TimeUnit; eventsLost?: number; complete?: boolean; source?: string}
  const header: TraceHeader = {
    format: 'wsk-trace',
    version: 1,
    timeUnit: h.timeUnit ?? DEFAULT_HEADER.timeUnit,
    eventsLost: h.eventsLost ?? DEFAULT_HEADER.eventsLost,
    complete: h.complete ?? DEFAULT_HEADER.complete,
  }
  if (h.source !== undefined) header.source = h.source
  return header
}

export function isHeaderError(h: TraceHeader | HeaderError): h is HeaderError {
  return 'error' in h
}

/** One line: `<json path>: <what is wrong> (got <value>)`. Only runs for invalid records. */
function describeError(e: ErrorObject | undefined, data: unknown): string {
  if (e === undefined) return 'invalid record'
  const path = e.instancePath === '' ? '/' : e.instancePath
  const got = brief(valueAt(data, e.instancePath))
  const p = e.params as Record<string, unknown>
  switch (e.keyword) {
    case 'required':
      return `/${String(p.missingProperty)}: required field is missing`
    case 'type': {
      if (e.instancePath === '') return `/: must be a JSON object (got ${got})`
      const types = String(p.type).split(',')
      const list = types.length > 1 ? types.slice(0, -1).join(', ') + ' or ' + types[types.length - 1] : types[0]
      return `${path}: must be ${list} (got ${got})`
    }
    case 'enum': {
      if (e.instancePath === '/event') {
        const value = valueAt(data, e.instancePath)
        const hint = typeof value === 'string' ? suggestEventName(value) : undefined
        return `/event: unknown event ${got}, not a DDI of the wsk-trace v1 catalogue` + (hint !== undefined ? ` (did you mean "${hint}"?)` : '')
      }
      const allowed = (p.allowedValues as unknown[]).map((a) => JSON.stringify(a))
      return `${path}: must be ${allowed.length > 1 ? 'one of ' + allowed.join(', ') : allowed[0]} (got ${got})`
    }
    case 'const':
      return `${path}: must be ${JSON.stringify(p.allowedValue)} (got ${got})`
    case 'minimum':
    case 'maximum':
      return `${path}: must be ${String(p.comparison)} ${String(p.limit)} (got ${got})`
    default:
      return `${path}: ${e.message ?? 'invalid'} (got ${got})`
  }
}

/** The value at a JSON pointer (records are flat: one level is all we need, but walk it anyway). */
function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') return data
  let cur = data
  for (const part of pointer.slice(1).split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return cur
}

/** A value as JSON, cut to 40 characters (messages stay one short line). */
function brief(v: unknown): string {
  if (v === undefined) return 'nothing'
  const s = Array.isArray(v) ? 'an array' : JSON.stringify(v)
  return s.length > 40 ? s.slice(0, 37) + '...' : s
}
