/**
 * Ids: pointers and opaque names of the trace, normalised so that equal pointers compare equal as
 * strings (spec: "ids compare after normalising hex case and leading zeros").
 *
 * Runs several times per event: charCode loops, no regex, no BigInt, and the input string itself
 * is returned when it is already normal (the common case), so no new string is made.
 */
import type {Id} from './event.js'
import {hexDigit} from './name-table.js'

/**
 * - `"0xFFFFA00100001000"`, `"0x0000ffffa00100001000"` → `"0xffffa00100001000"`
 * - a zero pointer (`"0x0"`, `"0x0000000000000000"`, `0`) → `null`, as in C
 * - a non-negative integer → `"0x"` + hex (`4096` → `"0x1000"`)
 * - any other string (`"listener"`, `"0xnope"`, `"1234"`) → unchanged: an opaque name.
 *
 * Numbers must be non-negative safe integers (the normaliser checks that and names the field).
 */
export function normalizeId(v: string | number | null): Id | null {
  if (v === null) return null
  if (typeof v === 'number') return v === 0 ? null : '0x' + v.toString(16)
  // Fast path, the common case: `0x` + a non-zero digit, no upper case. Such text is already
  // normal if it is hex, and an opaque name (kept as is) if it is not: either way, itself.
  // toLowerCase returns quickly on ASCII; it beats a charCode loop over 18 characters by ~2×.
  if (v.length >= 3 && v.charCodeAt(0) === 48 && v.charCodeAt(1) === 120 && v.charCodeAt(2) !== 48 && v.toLowerCase() === v) return v
  const hex = normalizeHexText(v)
  if (hex === undefined) return v
  return hex === '0x0' ? null : hex
}

/**
 * `0x…` text in any case with any leading zeros → `0x` + lower-case hex without leading zeros
 * (`"0x0"` for zero); undefined when the text is not `0x` followed by hex digits.
 */
export function normalizeHexText(s: string): string | undefined {
  const len = s.length
  if (len < 3 || s.charCodeAt(0) !== 48) return undefined
  const x = s.charCodeAt(1)
  if (x !== 120 && x !== 88) return undefined // 'x' / 'X'
  let first = -1 // first significant digit
  let upper = x === 88
  for (let i = 2; i < len; i++) {
    const c = s.charCodeAt(i)
    if (hexDigit(c) < 0) return undefined
    if (c >= 65 && c <= 70) upper = true
    if (first < 0 && c !== 48) first = i
  }
  if (first < 0) return '0x0'
  if (first === 2 && !upper) return s
  const digits = first === 2 ? s.slice(2) : s.slice(first)
  return '0x' + (upper ? digits.toLowerCase() : digits)
}

/**
 * `"KEY:SERIAL"` (WSK_INSPECT_ID contents) with both parts normalised: hex parts like ids
 * (zero stays `0x0`: it is a value, not a pointer), decimal parts without leading zeros, other
 * text unchanged. The key may itself contain ':' (an opaque name); the serial is after the last ':'.
 * `null` stays `null`; text without ':' or with an empty part → undefined (invalid).
 */
export function normalizeInspectId(v: string | null): string | null | undefined {
  if (v === null) return null
  const colon = v.lastIndexOf(':')
  if (colon <= 0 || colon === v.length - 1) return undefined
  const key = v.slice(0, colon)
  const serial = v.slice(colon + 1)
  const k = normalizeInspectPart(key)
  const s = normalizeInspectPart(serial)
  return k === key && s === serial ? v : k + ':' + s
}

function normalizeInspectPart(p: string): string {
  const hex = normalizeHexText(p)
  if (hex !== undefined) return hex
  // Decimal: strip leading zeros, keep one digit.
  const len = p.length
  let first = -1
  for (let i = 0; i < len; i++) {
    const c = p.charCodeAt(i)
    if (c < 48 || c > 57) return p
    if (first < 0 && c !== 48) first = i
  }
  if (first === 0) return p
  return first < 0 ? '0' : p.slice(first)
}
