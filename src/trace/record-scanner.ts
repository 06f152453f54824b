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
import {latin1, printableAscii} from './byte-string-table.js'
import {convertField, EventBuilder, FIELD_NAMES, fieldCode, ID_FIELDS, isNormalizeError} from './normalize.js'

/**
 * Distinct string values remembered (sets of two slots, so memory is fixed): ids, names. On the
 * 1M-event benchmark, 28k distinct strings in 3.5M: direct-mapped, rare ones (byte counts) kept
 * evicting pointers, 87k misses; two slots per set, 48k. The scanner keeps its own slots rather
 * than a ByteStringTable (byte-string-table.ts, the same idea for the ETW readers): with constant
 * sizes, its lookups cost 5–10% less (measured), and this is the hottest loop of JSONL lint.
 */
const STRING_SLOTS = 1 << 15
const STRING_SETS = STRING_SLOTS >> 1
/**
 * Bytes kept per slot to recognise its string (one cache line): ids, names and masks are shorter
 * (event masks like `WSK_EVENT_RECEIVE|WSK_EVENT_DISCONNECT` are 38); a longer string is
 * converted every time.
 */
const SLOT_BYTES = 64
/** Slots for keys: the spec's keys and a few unknown ones. */
const KEY_SLOTS = 1 << 8

export class RecordScanner {
  private readonly builder = new EventBuilder()
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(STRING_SLOTS).fill(undefined)
  /** The bytes of strings[slot] at slot * SLOT_BYTES, and their count (0: an empty slot). */
  private readonly slotBytes = new Uint8Array(STRING_SLOTS * SLOT_BYTES)
  /** The same bytes as 32-bit words: a lookup compares 4 bytes at a time. */
  private readonly slotWords = new Int32Array(this.slotBytes.buffer)
  private readonly slotLength = new Uint8Array(STRING_SLOTS)
  /** Per set of two slots: the one found or filled last (the other is replaced next). */
  private readonly recent = new Uint8Array(STRING_SETS)
  /** Keys by slot, like the strings: bytes, length (0: empty), field code. */
  private readonly keyBytes = new Uint8Array(KEY_SLOTS * SLOT_BYTES)
  private readonly keyWords = new Int32Array(this.keyBytes.buffer)
  /** The line's bytes as a DataView (unaligned 32-bit reads), made once per buffer. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0))
  private viewOf: Uint8Array | undefined
  private readonly keyLength = new Uint8Array(KEY_SLOTS)
  private readonly keyCodes = new Int32Array(KEY_SLOTS)
  /** Per string slot: the conversion kind its `converted` value is for (0: none yet). */
  private readonly convertedKind = new Int32Array(STRING_SLOTS)
  private readonly converted: unknown[] = new Array<unknown>(STRING_SLOTS).fill(undefined)
  /** Where the value just read ended (index after it). */
  private end = 0
  /**
   * The spec's keys by the first 4 bytes of `key":` (open addressing, 0: empty): a key is found
   * from one 32-bit read and a compare of its remaining bytes, without looking for its closing
   * quote byte by byte first. Keys written otherwise (blanks before the colon) take keyCode.
   */
  private readonly headWords = new Int32Array(HEAD_SLOTS)
  private readonly headCodes = new Int32Array(HEAD_SLOTS)
  /** `key":` of each field code, in bytes. */
  private readonly keyTexts: Uint8Array[] = FIELD_NAMES.map((name) => Buffer.from(name + '":', 'latin1'))

  constructor() {
    for (let code = 1; code < FIELD_NAMES.length; code++) {
      this.internKey(FIELD_NAMES[code] as string)
      const w = Buffer.from(this.keyTexts[code] as Uint8Array).readInt32LE(0)
      let slot = headHash(w)
      while (this.headWords[slot] !== 0) slot = (slot + 1) & (HEAD_SLOTS - 1)
      this.headWords[slot] = w
      this.headCodes[slot] = code
    }
  }

  /**
   * The event of the line in bytes `s` [i, len) (number `line`; `i` at its first non-blank byte,
   * `len` before its CR/LF); undefined when this line must take the JSON.parse path. Strings must
   * be ASCII: a line with other bytes in a string takes the JSON.parse path too.
   */
  scan(s: Uint8Array, i: number, len: number, line: number, into?: TraceEvent): TraceEvent | undefined {
    if (s[i] !== 0x7b) return undefined // '{'
    if (s !== this.viewOf) {
      this.viewOf = s
      this.view = new DataView(s.buffer, s.byteOffset, s.byteLength)
    }
    i = skipBlanks(s, i + 1, len)
    if (s[i] === 0x7d) return undefined // {}: the JSON.parse path says what is missing
    const b = this.builder
    b.begin(line, into)
    let seen = 0 // bit per field code: a duplicate key goes to JSON.parse (its last value wins)
    for (;;) {
      // "key"
      if (s[i] !== 0x22) return undefined
      const k0 = i + 1
      let c = 0
      let code = k0 + 4 <= len ? this.keyAt(s, k0, len) : -1
      if (code >= 0) {
        i = this.end // after `key":`
      } else {
        for (i = k0; i < len; i++) {
          c = s[i]
          if (c === 0x22 || c === 0x5c) break
        }
        if (c !== 0x22 || i >= len) return undefined
        code = this.keyCode(s, k0, i)
        if (code < 0) return undefined
        i = skipBlanks(s, i + 1, len)
        if (s[i] !== 0x3a) return undefined // ':'
        i++
      }
      i = skipBlanks(s, i, len)
      const bit = 1 << code
      if ((seen & bit) !== 0 && code !== 0) return undefined
      seen |= bit
      if (s[i] === 0x22) {
        // A string: found in (or put into) a slot, which also keeps its converted value.
        const a = i + 1
        i = this.quoteOrBackslash(s, a, len)
        if (i >= len || s[i] !== 0x22) return undefined
        const slot = this.slotOf(s, a, i)
        if (slot < 0) return undefined
        i++
        if (code !== 0) {
          const kind = CONVERSION_KIND[code] as number
          if (this.convertedKind[slot] !== kind) {
            const x = convertField(code, this.strings[slot])
            if (isNormalizeError(x)) return undefined
            this.convertedKind[slot] = kind
            this.converted[slot] = x
          }
          b.store(code, this.converted[slot])
        }
      } else {
        // A small non-negative integer (ts, tid, cpu, irql: most values that are not strings),
        // read here; a sign, fraction, exponent, leading zero or long number goes to value().
        let v: unknown = NOT_SCANNED
        c = s[i]!
        if (c >= 0x31 && c <= 0x39) {
          let n = c - 0x30
          let j = i + 1
          const stop = i + 15 < len ? i + 15 : len
          while (j < stop && (c = s[j]!) >= 0x30 && c <= 0x39) {
            n = n * 10 + (c - 0x30)
            j++
          }
          if (j < len && c !== 0x2e && c !== 0x65 && c !== 0x45 && (c < 0x30 || c > 0x39)) {
            v = n
            i = j
          }
        }
        if (v === NOT_SCANNED) {
          v = this.value(s, i, len)
          if (v === NOT_SCANNED) return undefined
          i = this.end
        }
        if (code !== 0 && b.set(code, v) !== undefined) return undefined
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

  /**
   * The index of the first '"' or '\\' at or after `i` (len if none): 4 bytes at a time while no
   * byte of the word can be either (ids and names are 4–20 bytes: half the loop turns of a byte scan).
   */
  private quoteOrBackslash(s: Uint8Array, i: number, len: number): number {
    const view = this.view
    for (; i + 4 <= len; i += 4) {
      const w = view.getInt32(i, true)
      const q = w ^ 0x22222222
      const b = w ^ 0x5c5c5c5c
      // Non-zero when a byte of q or b is zero, i.e. a byte of w is '"' or '\\' (exact, no false alarm).
      if ((((q - 0x01010101) & ~q) | ((b - 0x01010101) & ~b)) & 0x80808080) break
    }
    for (; i < len; i++) {
      const c = s[i]
      if (c === 0x22 || c === 0x5c) return i
    }
    return len
  }

  /** The JSON value at `i` other than a string (its end in this.end), or NOT_SCANNED for what only JSON.parse reads. */
  private value(s: Uint8Array, i: number, len: number): unknown {
    const c = s[i]
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

  /**
   * The slot of the string s[a, b) (no backslash in it): found, or filled with a new string; -1
   * when the text has a control or non-ASCII byte (the JSON.parse path reads those).
   */
  private slotOf(s: Uint8Array, a: number, b: number): number {
    const n = b - a
    // Hashed on its length and last 8 bytes (two 32-bit reads): ids differ at their end.
    let h = n
    if (n >= 8) {
      h = Math.imul(h ^ this.view.getInt32(b - 8, true), 0x9e3779b1)
      h = Math.imul(h ^ this.view.getInt32(b - 4, true), 0x85ebca6b)
    } else for (let j = a; j < b; j++) h = (Math.imul(h, 31) + s[j]) | 0
    // Two slots per set: a rare text (a byte count, a one-off context) takes the slot used less
    // lately, not the one of a pointer seen on every other line.
    const set = (h ^ (h >>> 15)) & (STRING_SETS - 1)
    let slot = set << 1
    if (this.slotLength[slot] === n && n !== 0 && sameBytes(this.view, s, a, b, this.slotWords, this.slotBytes, slot)) {
      this.recent[set] = 0
      return slot
    }
    if (this.slotLength[slot + 1] === n && n !== 0 && sameBytes(this.view, s, a, b, this.slotWords, this.slotBytes, slot + 1)) {
      this.recent[set] = 1
      return slot + 1
    }
    if (!printableAscii(s, a, b)) return -1
    const way = 1 - (this.recent[set] as number)
    this.recent[set] = way
    slot += way
    // A copy: the string must not pin the 1 MiB chunk it was read from.
    this.strings[slot] = latin1(s, a, b)
    if (n !== 0 && n < SLOT_BYTES) {
      this.slotBytes.set(s.subarray(a, b), slot * SLOT_BYTES)
      this.slotLength[slot] = n
    } else this.slotLength[slot] = 0 // empty or too long to keep: never matches
    this.convertedKind[slot] = 0
    this.converted[slot] = undefined
    return slot
  }

  /**
   * The code of the spec key whose `key":` starts at s[k0] (this.end: just after it), or -1 when
   * there is none there (an unknown key, blanks, escapes: keyCode decides). Needs k0 + 4 <= len.
   */
  private keyAt(s: Uint8Array, k0: number, len: number): number {
    const w = this.view.getInt32(k0, true)
    for (let slot = headHash(w); ; slot = (slot + 1) & (HEAD_SLOTS - 1)) {
      const head = this.headWords[slot] as number
      if (head === 0) return -1
      if (head !== w) continue
      const code = this.headCodes[slot] as number
      const text = this.keyTexts[code] as Uint8Array
      const end = k0 + text.length
      if (end > len) continue
      let j = 4
      while (j < text.length && s[k0 + j] === text[j]) j++
      if (j === text.length) {
        this.end = end
        return code
      }
    }
  }

  /** The field code of key s[a, b) (0: a key the spec does not define); -1 for a key with other than printable ASCII. */
  private keyCode(s: Uint8Array, a: number, b: number): number {
    const n = b - a
    const slot = n === 0 ? 0 : keyHash(n, s[a] as number, s[b - 1] as number)
    if (this.keyLength[slot] === n) {
      if (sameBytes(this.view, s, a, b, this.keyWords, this.keyBytes, slot)) return this.keyCodes[slot] as number
    }
    if (!printableAscii(s, a, b)) return -1
    return this.internKey(latin1(s, a, b))
  }

  /** Remembers `key`'s code in its slot, unless that would evict a spec key (unknown keys just stay slower). */
  private internKey(key: string): number {
    const code = fieldCode(key)
    const n = key.length
    if (n === 0 || n >= SLOT_BYTES) return code
    const slot = keyHash(n, key.charCodeAt(0), key.charCodeAt(n - 1))
    // Spec keys never share a slot (checked here, at construction): they are all found at once.
    if (code !== 0 && this.keyCodes[slot] !== 0) throw new Error(`record-scanner: keys "${key}" and "${FIELD_NAMES[this.keyCodes[slot] as number]}" share a slot`)
    if (this.keyLength[slot] === 0 || code !== 0) {
      this.keyBytes.set(Buffer.from(key, 'latin1'), slot * SLOT_BYTES)
      this.keyLength[slot] = n
      this.keyCodes[slot] = code
    }
    return code
  }
}

/** Slots of the key-head table (26 spec keys: mostly empty, so probes are short). */
const HEAD_SLOTS = 64

/** The head-table slot of a key's first 4 bytes (Fibonacci hashing: top bits of a multiply). */
function headHash(w: number): number {
  return Math.imul(w, 0x9e3779b1) >>> 26
}

let shared: RecordScanner | undefined

/**
 * The scanner every JSONL read of this thread uses. Its slots hold what bytes mean, the same in
 * every file, so one set serves them all: a file no longer pays ~2 ms to allocate its own (a
 * batch of small traces paid it per file) and starts with the names and pointers already seen.
 * Reads may interleave (files read concurrently): a scan keeps no state from one line to the next.
 */
export function sharedRecordScanner(): RecordScanner {
  return (shared ??= new RecordScanner())
}

/** Key slot: the 26 keys of the spec differ in (length, first byte, last byte). */
function keyHash(n: number, first: number, last: number): number {
  return (Math.imul(Math.imul(n, 37) + first, 37) + last) & (KEY_SLOTS - 1)
}

/**
 * Field code → which conversion its value takes: every id field converts a string the same way
 * (normalizeId), so a pointer seen as `socket` is not converted again as `acceptSocket`.
 */
const CONVERSION_KIND: Int32Array = Int32Array.from(FIELD_NAMES, (name, code) => (ID_FIELDS.has(name) ? 1000 : code))

const NOT_SCANNED: unique symbol = Symbol('not scanned')

/** The byte order of Int32Array on this machine, for DataView reads that match it. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1

/** s[a, b) equals the bytes kept in `slot` (as many as b - a): 4 bytes at a time, then the rest. */
function sameBytes(view: DataView<ArrayBufferLike>, s: Uint8Array, a: number, b: number, words: Int32Array, bytes: Uint8Array, slot: number): boolean {
  let w = slot * (SLOT_BYTES >> 2)
  let i = a
  for (; i + 4 <= b; i += 4, w++) if (view.getInt32(i, LITTLE_ENDIAN) !== words[w]) return false
  for (let k = w << 2; i < b; i++, k++) if (s[i] !== bytes[k]) return false
  return true
}

/** JSON whitespace (a line's CR is already cut off, and there is no LF inside a line). */
function skipBlanks(s: Uint8Array, i: number, len: number): number {
  let c: number
  while (i < len && ((c = s[i]) === 0x20 || c === 0x09 || c === 0x0d)) i++
  return i
}
