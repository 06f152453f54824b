/**
 * Repeated texts read straight from bytes: a byte range → the same string object every time it
 * repeats, with one converted value remembered beside it.
 *
 * The byte readers (record-scanner.ts for JSON Lines, the dumper's row scanner) see the same few
 * thousand texts millions of times: pointers, event names, NTSTATUS names, cells of a column.
 * Making a string per occurrence and converting it again is most of what reading costs; a lookup
 * here is a hash of a few bytes and a compare, 4 bytes at a time. Its memory is fixed whatever
 * the input: a new text evicts one already there (slotOf: the one of its two slots used less
 * lately; slotOfWhole: the one slot it hashes to). A table is used with one of the two only.
 */

/** The byte order of Int32Array on this machine, for DataView reads that match it. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1

/**
 * Bytes kept per slot (one cache line): a longer text is made into a string every time. A
 * constant, like the hash below: as fields of the table they cost the lookup a tenth of its time.
 */
const SLOT_BYTES = 64

export class ByteStringTable {
  private readonly mask: number
  private readonly strings: (string | undefined)[]
  /** The bytes of strings[slot] at slot * slotBytes, and their count (0: nothing to compare). */
  private readonly bytes: Uint8Array
  /** The same bytes as 32-bit words: a lookup compares 4 bytes at a time. */
  private readonly words: Int32Array
  private readonly lengths: Uint8Array
  /** Per slot: the conversion kind `converted` holds a value for (0: none yet). */
  private readonly convertedKind: Int32Array
  private readonly converted: unknown[]
  /** Per pair of slots (slotOf's sets): the one found or filled last; the other is replaced next. */
  private readonly recent: Uint8Array
  /** The bytes being read as a DataView (unaligned 32-bit reads), made once per buffer. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0))
  private viewOf: Uint8Array | undefined

  /** `slots`: how many texts it remembers at most, a power of two. */
  constructor(slots: number) {
    if ((slots & (slots - 1)) !== 0) throw new Error('ByteStringTable: slots must be a power of two')
    this.mask = slots - 1
    this.strings = new Array<string | undefined>(slots).fill(undefined)
    this.bytes = new Uint8Array(slots * SLOT_BYTES)
    this.words = new Int32Array(this.bytes.buffer)
    this.lengths = new Uint8Array(slots)
    this.convertedKind = new Int32Array(slots)
    this.converted = new Array<unknown>(slots).fill(undefined)
    this.recent = new Uint8Array(Math.max(1, slots >>> 1))
  }

  /**
   * The slot of the text s[a, b) (`s` given to {@link use} first): found, or filled with it; -1
   * when the text has a control or non-ASCII byte, which only a decoder reads right. Hashed on
   * its length and last 8 bytes (two 32-bit reads): ids differ at their end. Each text has two
   * slots to be in, and a new one replaces the one used less lately: on the 1M-row dumper bench
   * (28k distinct cells), one slot per text missed 95k times, mostly pointers that a one-off
   * value had evicted. (Texts that differ elsewhere, like the dumper's event keys, use
   * {@link slotOfWhole}.)
   */
  slotOf(s: Uint8Array, a: number, b: number): number {
    const n = b - a
    let h = n
    if (n >= 8) {
      h = Math.imul(h ^ this.view.getInt32(b - 8, true), 0x9e3779b1)
      h = Math.imul(h ^ this.view.getInt32(b - 4, true), 0x85ebca6b)
    } else for (let j = a; j < b; j++) h = (Math.imul(h, 31) + s[j]!) | 0
    const set = (h ^ (h >>> 15)) & (this.mask >>> 1)
    const slot = set << 1
    // holds(), by hand: this is the hot path
    if (this.lengths[slot] === n && n !== 0 && this.same(s, a, b, slot)) {
      this.recent[set] = 0
      return slot
    }
    if (this.lengths[slot + 1] === n && n !== 0 && this.same(s, a, b, slot + 1)) {
      this.recent[set] = 1
      return slot + 1
    }
    const way = 1 - this.recent[set]!
    if (!this.fill(slot + way, s, a, b)) return -1
    this.recent[set] = way
    return slot + way
  }

  /**
   * The same, hashed on all the bytes of the text: for texts that share their end and differ in
   * the middle, like the dumper's event keys (`…/WskSend/win:Start`, `…/WskBind/win:Start`),
   * 4 bytes at a time. Call {@link use} with `s` first.
   */
  slotOfWhole(s: Uint8Array, a: number, b: number): number {
    let h = b - a
    let j = a
    for (const view = this.view; j + 4 <= b; j += 4) h = Math.imul(h ^ view.getInt32(j, true), 0x9e3779b1)
    for (; j < b; j++) h = (Math.imul(h, 31) + s[j]!) | 0
    const slot = (h ^ (h >>> 15)) & this.mask
    if (this.holds(slot, s, a, b)) return slot
    return this.fill(slot, s, a, b) ? slot : -1
  }

  /** CellMemo: the slot of a byte row's cell k (-1 when empty, -2 when not printable ASCII), keyed by its text alone (any kind). */
  slotOfCell(row: {readonly bytes: Uint8Array; readonly start: Int32Array; readonly end: Int32Array}, k: number): number {
    const a = row.start[k]!
    const b = row.end[k]!
    // An empty cell gives no value; the table keeps no empty text, so it would be made anew each time.
    if (a === b) return -1
    this.use(row.bytes)
    const slot = this.slotOf(row.bytes, a, b)
    return slot < 0 ? -2 : slot
  }

  /** Whether `slot` (found by a caller's own hash, below `slots`) holds the text s[a, b). */
  holds(slot: number, s: Uint8Array, a: number, b: number): boolean {
    const n = b - a
    return this.lengths[slot] === n && n !== 0 && this.same(s, a, b, slot)
  }

  /**
   * Puts the text s[a, b) into `slot` (a copy: the string must not pin the chunk it was read
   * from), forgetting what the slot held; false, and nothing changed, when the text is not
   * printable ASCII.
   */
  fill(slot: number, s: Uint8Array, a: number, b: number): boolean {
    if (!printableAscii(s, a, b)) return false
    const n = b - a
    this.strings[slot] = latin1(s, a, b)
    if (n !== 0 && n <= SLOT_BYTES) {
      this.bytes.set(s.subarray(a, b), slot * SLOT_BYTES)
      this.lengths[slot] = n
    } else this.lengths[slot] = 0 // empty or too long to keep: never matches
    this.convertedKind[slot] = 0
    this.converted[slot] = undefined
    return true
  }

  /** The string of a slot slotOf returned. */
  string(slot: number): string {
    return this.strings[slot] as string
  }

  /** Whether the slot holds a converted value of `kind` (a non-zero number the caller chooses). */
  hasConverted(slot: number, kind: number): boolean {
    return this.convertedKind[slot] === kind
  }

  /** The value setConverted remembered for the slot (check hasConverted first). */
  convertedValue(slot: number): unknown {
    return this.converted[slot]
  }

  /** Remembers the slot's string converted by conversion `kind`. */
  setConverted(slot: number, kind: number, value: unknown): void {
    this.convertedKind[slot] = kind
    this.converted[slot] = value
  }

  /** Readies the table for lookups in `s` (once per buffer, not per lookup). */
  use(s: Uint8Array): void {
    if (s !== this.viewOf) {
      this.viewOf = s
      this.view = new DataView(s.buffer, s.byteOffset, s.byteLength)
    }
  }

  /** s[a, b) equals the bytes kept in `slot` (as many as b - a): 4 bytes at a time, then the rest. */
  private same(s: Uint8Array, a: number, b: number, slot: number): boolean {
    const view = this.view
    const words = this.words
    let w = slot * (SLOT_BYTES >> 2)
    let i = a
    for (; i + 4 <= b; i += 4, w++) if (view.getInt32(i, LITTLE_ENDIAN) !== words[w]) return false
    const bytes = this.bytes
    for (let k = w << 2; i < b; i++, k++) if (s[i] !== bytes[k]) return false
    return true
  }
}

/** s[a, b) holds only printable ASCII: text that latin1() copies exactly and that needs no decoder. */
export function printableAscii(s: Uint8Array, a: number, b: number): boolean {
  for (let j = a; j < b; j++) {
    const c = s[j] as number
    if (c < 0x20 || c > 0x7e) return false
  }
  return true
}

/** The bytes s[a, b) as a string, one char per byte (exact for ASCII). */
export function latin1(s: Uint8Array, a: number, b: number): string {
  return Buffer.from(s.buffer, s.byteOffset, s.length).toString('latin1', a, b)
}
