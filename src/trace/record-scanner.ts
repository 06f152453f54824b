/**
 * Reads one canonical JSONL record straight from its line into a TraceEvent, without JSON.parse.
 *
 * Why not JSON.parse: it builds an object and a fresh string for every value, and the normaliser
 * then walks that object; on the 1M-event benchmark that was about half of lint's time. A trace
 * line is a flat object of known keys whose values are numbers, short strings, null or booleans,
 * so a scanner of that one shape, feeding the same EventBuilder as normalizeEvent, does the work
 * in one pass and hands out the SAME string object every time a value repeats (pointers, event
 * names, NTSTATUS names): the replay's maps then hash each id once instead of on every event.
 *
 * It only ever accepts what JSON.parse + normalizeEvent accept, with the same result; anything
 * else — escapes, nesting, a duplicate key, bad syntax, a value the builder refuses — returns
 * undefined and the reader takes the JSON.parse path for that line, which words the error. A
 * property test (test/trace/record-scanner.test.ts) holds the two paths to that.
 */
import type {TraceEvent} from './event.js'
import {convertField, EventBuilder, FIELD_NAMES, fieldCode, ID_FIELDS, isNormalizeError} from './normalize.js'

/** Distinct string values remembered (direct-mapped, so memory is fixed): ids, names. */
const STRING_SLOTS = 1 << 15
/**
 * Bytes kept per slot to recognise its string: ids, names and masks are shorter; a longer string
 * is converted every time. The bytes sit in one array, so a lookup touches one cache line.
 */
const SLOT_BYTES = 32
/** Slots for keys: the spec's keys and a few unknown ones. */
const KEY_SLOTS = 1 << 8

export class RecordScanner {
  private readonly builder = new EventBuilder()
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(STRING_SLOTS).fill(undefined)
  /** The bytes of strings[slot] at slot * SLOT_BYTES, and their count (0: an empty slot). */
  private readonly slotBytes = new Uint8Array(STRING_SLOTS * SLOT_BYTES)
  private readonly slotLength = new Uint8Array(STRING_SLOTS)
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(KEY_SLOTS).fill(undefined)
  private readonly keyCodes = new Int32Array(KEY_SLOTS)
  /** Per string slot: the conversion kind its `converted` value is for (0: none yet). */
  private readonly convertedKind = new Int32Array(STRING_SLOTS)
  private readonly converted: unknown[] = new Array<unknown>(STRING_SLOTS).fill(undefined)
  /** Where the value just read ended (index after it). */
  private end = 0
  /** The string slot of the string value just read. */
  private slot = 0

  constructor() {
    for (let code = 1; code < FIELD_NAMES.length; code++) this.internKey(FIELD_NAMES[code] as string, hashOf(FIELD_NAMES[code] as string))
  }

  /**
   * The event of the line in bytes `s` [i, len) (number `line`; `i` at its first non-blank byte,
   * `len` before its CR/LF); undefined when this line must take the JSON.parse path. Strings must
   * be ASCII: a line with other bytes in a string takes the JSON.parse path too.
   */
  scan(s: Uint8Array, i: number, len: number, line: number, into?: TraceEvent): TraceEvent | undefined {
    if (s[i] !== 0x7b) return undefined // '{'
    i = skipBlanks(s, i + 1, len)
    if (s[i] === 0x7d) return undefined // {}: the JSON.parse path says what is missing
    const b = this.builder
    b.begin(line, into)
    let seen = 0 // bit per field code: a duplicate key goes to JSON.parse (its last value wins)
    for (;;) {
      // "key"
      if (s[i] !== 0x22) return undefined
      const k0 = i + 1
      let h = 0
      let c = 0
      for (i = k0; i < len; i++) {
        c = s[i]
        if (c === 0x22 || c === 0x5c || c < 0x20 || c > 0x7e) break
        h = (Math.imul(h, 31) + c) | 0
      }
      if (c !== 0x22 || i >= len) return undefined
      const code = this.keyCode(s, k0, i, h)
      i = skipBlanks(s, i + 1, len)
      if (s[i] !== 0x3a) return undefined // ':'
      i = skipBlanks(s, i + 1, len)
      // value
      const v = this.value(s, i, len)
      if (v === NOT_SCANNED) return undefined
      i = this.end
      if (code !== 0) {
        const bit = 1 << code
        if ((seen & bit) !== 0) return undefined
        seen |= bit
        if (typeof v === 'string') {
          // A repeated string converts once: its slot keeps the converted value.
          const slot = this.slot
          const kind = CONVERSION_KIND[code] as number
          if (this.convertedKind[slot] !== kind) {
            const x = convertField(code, v)
            if (isNormalizeError(x)) return undefined
            this.convertedKind[slot] = kind
            this.converted[slot] = x
          }
          b.store(code, this.converted[slot])
        } else if (b.set(code, v) !== undefined) return undefined
      }
      i = skipBlanks(s, i, len)
      c = s[i]
      if (c === 0x2c) {
        i = skipBlanks(s, i + 1, len) // ','
      } else if (c === 0x7d) {
        break // '}'
      } else return undefined
    }
    if (skipBlanks(s, i + 1, len) !== len) return undefined
    const e = b.finish()
    return isNormalizeError(e) ? undefined : e
  }

  /** The JSON value at `i` (its end in this.end), or NOT_SCANNED for what only JSON.parse reads. */
  private value(s: Uint8Array, i: number, len: number): unknown {
    const c = s[i]
    if (c === 0x22) {
      const a = i + 1
      let h = 0
      let d = 0
      for (i = a; i < len; i++) {
        d = s[i]
        if (d === 0x22 || d === 0x5c || d < 0x20 || d > 0x7e) break
        h = (Math.imul(h, 31) + d) | 0
      }
      if (d !== 0x22 || i >= len) return NOT_SCANNED
      this.end = i + 1
      return this.string(s, a, i, h)
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(s, i, len)
    if (c === 0x6e && i + 4 <= len && s[i + 1] === 0x75 && s[i + 2] === 0x6c && s[i + 3] === 0x6c) {
      this.end = i + 4
      return null
    }
    if (c === 0x74 && i + 4 <= len && s[i + 1] === 0x72 && s[i + 2] === 0x75 && s[i + 3] === 0x65) {
      this.end = i + 4
      return true
    }
    if (c === 0x66 && i + 5 <= len && s[i + 1] === 0x61 && s[i + 2] === 0x6c && s[i + 3] === 0x73 && s[i + 4] === 0x65) {
      this.end = i + 5
      return false
    }
    return NOT_SCANNED // object, array, or not JSON
  }

  /** A JSON number (strict JSON grammar: no '+', no leading zeros, digits around '.'). */
  private number(s: Uint8Array, i: number, len: number): number | typeof NOT_SCANNED {
    const start = i
    const neg = s[i] === 0x2d
    if (neg) i++
    let c = s[i]
    if (c === 0x30) {
      i++
    } else if (c >= 0x31 && c <= 0x39) {
      while (i < len && (c = s[i]) >= 0x30 && c <= 0x39) i++
    } else return NOT_SCANNED
    const intEnd = i
    c = s[i]
    let simple = true
    if (c === 0x2e) {
      // fraction
      simple = false
      const d0 = ++i
      while (i < len && (c = s[i]) >= 0x30 && c <= 0x39) i++
      if (i === d0) return NOT_SCANNED
      c = s[i]
    }
    if (c === 0x65 || c === 0x45) {
      // exponent
      simple = false
      c = s[++i]
      if (c === 0x2b || c === 0x2d) i++
      const d0 = i
      while (i < len && (c = s[i]) >= 0x30 && c <= 0x39) i++
      if (i === d0) return NOT_SCANNED
    }
    this.end = i
    const digits = intEnd - start - (neg ? 1 : 0)
    if (!simple || digits > 15) return Number(latin1(s, start, i)) // a valid JSON number: same double as JSON.parse
    let v = 0
    for (let j = neg ? start + 1 : start; j < intEnd; j++) v = v * 10 + (s[j] - 0x30)
    return neg ? -v : v
  }

  /** The string s[a, b) (no escapes), as the one string object kept for that text. */
  private string(s: Uint8Array, a: number, b: number, h: number): string {
    const slot = (h ^ (h >>> 15)) & (STRING_SLOTS - 1)
    this.slot = slot
    const n = b - a
    if (this.slotLength[slot] === n && n !== 0) {
      const bytes = this.slotBytes
      const base = slot * SLOT_BYTES - a
      let i = a
      while (i < b && bytes[base + i] === s[i]) i++
      if (i === b) return this.strings[slot] as string
    }
    // A copy (ASCII only, checked by the caller): it must not pin the 1 MiB chunk.
    const fresh = latin1(s, a, b)
    this.strings[slot] = fresh
    if (n !== 0 && n < SLOT_BYTES) {
      this.slotBytes.set(s.subarray(a, b), slot * SLOT_BYTES)
      this.slotLength[slot] = n
    } else this.slotLength[slot] = 0 // too long to keep: never matches
    this.convertedKind[slot] = 0
    this.converted[slot] = undefined
    return fresh
  }

  private keyCode(s: Uint8Array, a: number, b: number, h: number): number {
    const slot = (h ^ (h >>> 7)) & (KEY_SLOTS - 1)
    const kept = this.keys[slot]
    if (kept !== undefined && sameText(kept, s, a, b)) return this.keyCodes[slot] as number
    return this.internKey(latin1(s, a, b), h)
  }

  private internKey(key: string, h: number): number {
    const slot = (h ^ (h >>> 7)) & (KEY_SLOTS - 1)
    const code = fieldCode(key)
    // A spec key never loses its slot to an unknown one (unknown keys just stay slower).
    if (this.keys[slot] === undefined || code !== 0) {
      this.keys[slot] = key
      this.keyCodes[slot] = code
    }
    return code
  }
}

/**
 * Field code → which conversion its value takes: every id field converts a string the same way
 * (normalizeId), so a pointer seen as `socket` is not converted again as `acceptSocket`.
 */
const CONVERSION_KIND: Int32Array = Int32Array.from(FIELD_NAMES, (name, code) => (ID_FIELDS.has(name) ? 1000 : code))

const NOT_SCANNED: unique symbol = Symbol('not scanned')

function hashOf(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

function latin1(s: Uint8Array, a: number, b: number): string {
  return Buffer.from(s.buffer, s.byteOffset, s.length).toString('latin1', a, b)
}

function sameText(kept: string, s: Uint8Array, a: number, b: number): boolean {
  if (kept.length !== b - a) return false
  for (let i = 0; i < kept.length; i++) if (kept.charCodeAt(i) !== s[a + i]) return false
  return true
}

/** JSON whitespace (a line's CR is already cut off, and there is no LF inside a line). */
function skipBlanks(s: Uint8Array, i: number, len: number): number {
  let c: number
  while (i < len && ((c = s[i]) === 0x20 || c === 0x09 || c === 0x0d)) i++
  return i
}
