/**
 * A dumper row cut by the WebAssembly scanner (dumper-scan.c): the same row, cells, key and
 * decimals as DumperByteRow reads in JavaScript, with its cells' remembered values in the
 * scanner's tables (ScanCellMemo). The reader copies each chunk into the scanner's input
 * region first (`load`), so most rows are cut where they lie; a row that crossed two chunks is
 * copied into the line region.
 */
import type {ByteRow, CellMemo, RawEvent} from '../../raw-event.js'
import {DumperByteRow} from '../dumper-byte-row.js'
import {ENTRY_INTS, NEW_SLOT, RECORD_HEAD, type DumperScan} from './dumper-scan.js'

export class DumperScanRow extends DumperByteRow {
  readonly memo: ScanCellMemo
  /** Per key slot: the version its string was made for, and the string. */
  private readonly keySeen: Float64Array
  private readonly keyStrings: string[]
  /** The view of the input region load() returned last. */
  private loaded: Buffer | undefined
  /** The bytes of the scan_rows record being read (memory addresses); -1 outside one. */
  private recordStart = -1
  private recordEnd = -1

  constructor(
    readonly scan: DumperScan,
    withTexts: (raw: RawEvent, cells: string[]) => void,
  ) {
    super(withTexts)
    this.bytes = scan.bytes
    this.start = scan.cellStart
    this.end = scan.cellEnd
    this.memo = scanCellMemo(scan)
    this.keySeen = new Float64Array(scan.keyVersions.length)
    this.keyStrings = new Array<string>(scan.keyVersions.length).fill('')
  }

  override get keySlots(): number {
    return this.scan.keyVersions.length
  }

  /** The most bytes `load` takes at once. */
  get capacity(): number {
    return this.scan.capacity
  }

  /** Copies chunk[at, at + n) into the input region (n <= capacity): the bytes `split` reads in place. */
  load(chunk: Uint8Array, at: number, n: number): Buffer {
    const scan = this.scan
    scan.bytes.set(chunk.subarray(at, at + n), scan.inputAddress)
    this.loaded = scan.buffer.subarray(scan.inputAddress, scan.inputAddress + n)
    return this.loaded
  }

  override split(bytes: Uint8Array, a: number, b: number): boolean {
    const scan = this.scan
    let base: number
    // The piece load() gave (rows cut where they lie). Told by identity: `bytes.buffer` is a
    // call into the runtime on every row (measured ~15 ms on the 1M-row bench).
    if (bytes === this.loaded) base = scan.inputAddress
    else {
      // A row that crossed two chunks (the line splitter joined it): copied whole, or read as text.
      if (b - a > scan.capacity) return false
      scan.bytes.set(bytes.subarray(a, b), scan.lineAddress)
      base = scan.lineAddress - a
    }
    const n = scan.exports.split(base + a, base + b)
    if (n < 0) return false
    this.count = n
    return true
  }

  /**
   * Makes record `at` of scan_rows (in `scan.out`) the row: the memo answers its cells from the
   * record's slots until {@link leaveRecord}, and {@link complete} cuts its bytes again.
   */
  enterRecord(at: number): void {
    const out = this.scan.out
    this.recordStart = out[at + 6]!
    this.recordEnd = out[at + 7]!
    this.memo.enter(at + RECORD_HEAD, at + RECORD_HEAD + ENTRY_INTS * out[at + 9]!)
  }

  leaveRecord(): void {
    this.recordStart = -1
    this.memo.leave()
  }

  override complete(raw: RawEvent): void {
    // The scanner has cut later rows since: cut this one again (its cells, not the cell table).
    if (this.recordStart >= 0) this.count = this.scan.exports.split(this.recordStart, this.recordEnd)
    super.complete(raw)
  }

  override decimal(k: number): number | undefined {
    const v = this.scan.exports.decimal(k)
    return v < 0 ? undefined : v
  }

  override key(): string {
    const scan = this.scan
    const slot = scan.exports.key_slot(0)
    if (slot < 0) return ''
    this.keySlot = slot
    const version = scan.keyVersions[slot]!
    if (this.keySeen[slot] !== version) {
      this.keySeen[slot] = version
      this.trimmed(0, this.range)
      this.keyStrings[slot] = scan.buffer.toString('latin1', this.range[0]!, this.range[1]!)
    }
    return this.keyStrings[slot]!
  }
}

/**
 * The JavaScript half of the scanner's cell table: per slot the string and the converted value,
 * valid while the slot's version is the one they were made for (the scanner gives a slot a new
 * version whenever it gives it a new text). One per thread, like the scanner.
 */
class ScanCellMemo implements CellMemo {
  private readonly seen: Float64Array
  private readonly strings: string[]
  private readonly kinds: Int32Array
  private readonly converted: unknown[]
  /** Inside a scan_rows record: its next entry, and its end (see enter); -1 outside one. */
  private at = -1
  private end = -1

  constructor(private readonly scan: DumperScan) {
    const slots = scan.cellVersions.length
    this.seen = new Float64Array(slots)
    this.strings = new Array<string>(slots).fill('')
    this.kinds = new Int32Array(slots)
    this.converted = new Array<unknown>(slots).fill(undefined)
  }

  /**
   * Cell k of the row the scanner cut last (rows of this memo are always the scanner's), read for
   * `kind`: the scanner keys its table by text and kind, so a text read by two fields has a slot
   * for each. It keeps the kind's low 8 bits; `kinds` below holds the whole number, so kinds 1 and
   * 257 sharing a slot only cost a conversion, never a wrong value.
   */
  slotOfCell(_row: ByteRow, k: number, kind: number): number {
    if (this.at >= 0) return this.recorded(k)
    const scan = this.scan
    const slot = scan.exports.cell_slot(k, kind & 0xff || 1)
    if (slot < 0) return -1 // empty or blanks only (split found every byte printable: nothing to refuse)
    if (this.seen[slot] !== scan.cellVersions[slot]) this.fresh(slot, scan.cellStart[k]!, scan.cellEnd[k]!)
    return slot
  }

  /**
   * From here to {@link leave}, cells are answered from the entries [at, end) of a scan_rows
   * record, in their order (the order the mapper asks for them, which the scanner was given).
   * No version is checked meanwhile: the scanner has read rows past this one, so a slot's version
   * may be a later text's. Instead an entry flagged NEW_SLOT gives its slot its text here, in
   * record order, and takes the version then (by the record's end, the latest one).
   */
  enter(at: number, end: number): void {
    this.at = at
    this.end = end
  }

  /** Gives the slots the record's unread entries filled their texts (the mapper stopped early, or read none). */
  leave(): void {
    const out = this.scan.out
    for (let at = this.at; at < this.end; at += ENTRY_INTS) {
      const s = out[at + 1]!
      if (s >= 0 && (s & NEW_SLOT) !== 0) this.fresh(s ^ NEW_SLOT, out[at + 2]!, out[at + 3]!)
    }
    this.at = -1
  }

  private recorded(k: number): number {
    const out = this.scan.out
    const at = this.at
    // Asked out of the scanner's order: a bug, not bad input (the values would be another cell's).
    if (at >= this.end || out[at] !== k) throw new Error(`dumper scanner: cell ${k} asked out of its record's order`)
    this.at = at + ENTRY_INTS
    const s = out[at + 1]!
    if (s < 0) return -1
    if ((s & NEW_SLOT) === 0) return s
    const slot = s ^ NEW_SLOT
    this.fresh(slot, out[at + 2]!, out[at + 3]!)
    return slot
  }

  /** The slot now holds the text at memory [start, end): its string, no converted value yet. */
  private fresh(slot: number, start: number, end: number): void {
    this.seen[slot] = this.scan.cellVersions[slot]!
    this.strings[slot] = this.scan.buffer.toString('latin1', start, end)
    this.kinds[slot] = 0
    this.converted[slot] = undefined
  }

  string(slot: number): string {
    return this.strings[slot]!
  }

  hasConverted(slot: number, kind: number): boolean {
    return this.kinds[slot] === kind
  }

  convertedValue(slot: number): unknown {
    return this.converted[slot]
  }

  setConverted(slot: number, kind: number, value: unknown): void {
    this.kinds[slot] = kind
    this.converted[slot] = value
  }
}

const memos = new WeakMap<DumperScan, ScanCellMemo>()

function scanCellMemo(scan: DumperScan): ScanCellMemo {
  let memo = memos.get(scan)
  if (memo === undefined) {
    memo = new ScanCellMemo(scan)
    memos.set(scan, memo)
  }
  return memo
}
