/**
 * Payload text of an export → the value a canonical record carries for a field, ready for
 * normalizeEvent (src/trace/normalize.ts), which does all the decoding with the project's name
 * tables: NTSTATUS names and hex, flag and event-mask names or numbers, socket options, pool
 * types, inspect actions, IRQL names. Only what JSON would have told the normaliser is decided
 * here: which texts are numbers, which are ids, what NULL looks like.
 *
 * - ids (pointers): `0x…` text as is (`0x0000000000000000` is NULL, the normaliser says so);
 *   decimal text is a number (a ULONG_PTR logged as an integer); `NULL`/`(null)` is null.
 * - `irql`, `timeout`: numbers (`timeout` NULL = wait forever, written as a zero pointer or INFINITE).
 * - `value`: `true`/`false` become booleans (a BOOLEAN option value).
 * - `inspectId`: `KEY:SERIAL` text, or the struct `{Key : 0x…; SerialNumber : 5}` as xperf prints it.
 * - everything else is passed as text (status, flags, option, request, action, pool).
 *
 * Id texts are detached from their chunk (see text-input.ts `detach`): the replay keeps them.
 */
import {parseIntegerText} from '../../trace/name-table.js'
import {detach} from '../text-input.js'

/** Canonical fields a payload can carry (thread, cpu and time come from the event header). */
export const PAYLOAD_FIELDS = [
  'irql', 'socket', 'irp', 'status', 'information', 'flags', 'acceptSocket', 'localAddress', 'remoteAddress', 'address', 'context',
  'dispatch', 'inspectId', 'inspectIdPtr', 'action', 'option', 'value', 'request', 'pool', 'object', 'timeout',
] as const

export type PayloadField = (typeof PAYLOAD_FIELDS)[number]

const ID_FIELDS: ReadonlySet<string> = new Set(['socket', 'irp', 'information', 'acceptSocket', 'localAddress', 'remoteAddress', 'address', 'context', 'dispatch', 'inspectIdPtr', 'object'])

/** The canonical field named `name` in any case (`AcceptSocket`, `IRQL` …), or undefined. */
export function payloadFieldNamed(name: string): PayloadField | undefined {
  return FIELD_BY_LOWER.get(name.toLowerCase())
}

const FIELD_BY_LOWER = new Map<string, PayloadField>(PAYLOAD_FIELDS.map((f) => [f.toLowerCase(), f]))

/**
 * Fields whose numbers the normaliser takes as numbers (any NTSTATUS, mask, code or level):
 * their cells are read as integers without making a string first (see {@link numericCell}).
 * Not ids (64-bit pointers do not fit a double) and not `timeout` (a zero pointer means NULL).
 */
export const NUMERIC_FIELDS: ReadonlySet<PayloadField> = new Set<PayloadField>(['irql', 'status', 'flags', 'option', 'value', 'request', 'action', 'pool'])

/**
 * A cell holding a plain integer, decimal or `0x` hex, with blanks around it → the number;
 * undefined for anything else (names, quotes, signs, values beyond 2^53), which then goes the
 * text way. No allocation: most payload cells of an export are such numbers.
 */
export function numericCell(cell: string): number | undefined {
  let i = 0
  let end = cell.length
  while (i < end && cell.charCodeAt(i) === 32) i++
  while (end > i && cell.charCodeAt(end - 1) === 32) end--
  if (i === end) return undefined
  let n = 0
  if (end - i > 2 && cell.charCodeAt(i) === 48 && (cell.charCodeAt(i + 1) | 0x20) === 120) {
    for (let k = i + 2; k < end; k++) {
      const c = cell.charCodeAt(k)
      const d = c >= 48 && c <= 57 ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1
      if (d < 0) return undefined
      n = n * 16 + d
    }
  } else {
    for (let k = i; k < end; k++) {
      const c = cell.charCodeAt(k) - 48
      if (c < 0 || c > 9) return undefined
      n = n * 10 + c
    }
  }
  return n <= Number.MAX_SAFE_INTEGER ? n : undefined
}

/** How a text becomes a value: `auto` by the field's kind, or a type a mapping file asks for. */
export type ValueType = 'auto' | 'string' | 'hex' | 'decimal' | 'bool'

/** A converter for one field: text (non-empty, trimmed, unquoted) → value, or undefined to leave the field out. */
export type Converter = (text: string) => unknown

/** Converters made for a type, one per (field, type): the same function each time, so the same conversion kind (map-event.ts). */
const TYPED = new Map<string, Converter>()

export function converterFor(field: PayloadField, type: ValueType = 'auto'): Converter {
  if (type === 'auto' || type === 'string') return makeConverter(field, type)
  const key = `${field} ${type}`
  let convert = TYPED.get(key)
  if (convert === undefined) TYPED.set(key, (convert = makeConverter(field, type)))
  return convert
}

function makeConverter(field: PayloadField, type: ValueType): Converter {
  switch (type) {
    case 'string':
      return ID_FIELDS.has(field) || field === 'inspectId' ? detach : identity
    case 'hex':
      return (t) => {
        const n = /^[0-9a-fA-F]+$/.test(t) ? '0x' + t : t
        return field === 'irql' || field === 'timeout' ? parseIntegerText(n) ?? n : n
      }
    case 'decimal':
      return (t) => parseIntegerText(t.replace(/[,\s]/g, '')) ?? t
    case 'bool':
      return (t) => {
        const b = parseBool(t)
        return b === undefined ? t : b ? 1 : 0
      }
    case 'auto':
      break
  }
  if (ID_FIELDS.has(field)) return idValue
  switch (field) {
    case 'irql':
      return numberOrName
    case 'timeout':
      return timeoutValue
    case 'value':
      return optionValue
    case 'inspectId':
      return inspectIdValue
    default:
      return identity
  }
}

function identity(t: string): string {
  return t
}

/** `0x…` → itself (detached); decimal → number (or hex text beyond 2^53); NULL → null; a name → itself. */
export function idValue(t: string): unknown {
  const c = t.charCodeAt(0)
  if (c >= 48 && c <= 57 && !(c === 48 && (t.charCodeAt(1) | 0x20) === 120)) {
    const n = parseIntegerText(t)
    if (n !== undefined) return n
    if (/^\d+$/.test(t)) return '0x' + BigInt(t).toString(16)
  }
  if (isNullText(t)) return null
  // TDH prints pointers in upper case: lower-casing copies the text anyway (no detach needed)
  // and spares the normaliser its slow path.
  if (c === 48 && (t.charCodeAt(1) | 0x20) === 120) {
    const lower = t.toLowerCase()
    if (lower !== t) return lower
  }
  return detach(t)
}

function numberOrName(t: string): unknown {
  return parseIntegerText(t) ?? t
}

/** KeWait timeout in 100 ns: a number; NULL (a zero pointer `0x000…0`, `NULL`, `INFINITE`) waits forever. */
function timeoutValue(t: string): unknown {
  if (isNullText(t) || t.toUpperCase() === 'INFINITE') return null
  if (t.length > 2 && t.charCodeAt(0) === 48 && (t.charCodeAt(1) | 0x20) === 120) {
    // A pointer-width hex zero is a NULL PLARGE_INTEGER; other hex is a value.
    const n = parseIntegerText(t)
    return n === 0 ? null : n ?? t
  }
  return parseIntegerText(t) ?? t
}

function optionValue(t: string): unknown {
  return parseBool(t) ?? t
}

/** `KEY:SERIAL`, a struct `[{Key : 0x12; SerialNumber : 5}]`, or a zero pointer (NULL). */
function inspectIdValue(t: string): unknown {
  if (isNullText(t) || /^0x0+$/i.test(t)) return null
  if (t.indexOf('{') !== -1 || t.indexOf(';') !== -1) {
    const key = /Key\s*[:=]\s*([^;,}\]\s]+)/i.exec(t)?.[1]
    const serial = /Serial(?:Number)?\s*[:=]\s*([^;,}\]\s]+)/i.exec(t)?.[1]
    if (key !== undefined && serial !== undefined) return `${key}:${serial}`
  }
  return detach(t)
}

function parseBool(t: string): boolean | undefined {
  switch (t.toLowerCase()) {
    case 'true':
      return true
    case 'false':
      return false
    default:
      return undefined
  }
}

function isNullText(t: string): boolean {
  // Lengths first: comparing a pointer's text with a literal looks it up in V8's string table.
  const n = t.length
  if (n < 4 || n > 7) return false
  return t === 'NULL' || t === 'null' || t === '(null)' || t === 'nullptr'
}
