/**
 * One xperf dumper row in bytes, cut into cells without making strings: the dumper reader's fast
 * path (dumper.ts). A row is split on every comma, exactly as the text path's `text.split(',')`
 * cuts it, so that a row read either way gives the same cells; only rows of printable ASCII take
 * this path (anything else needs the UTF-8 decoder), and the texts are made only when a consumer
 * asks for them (`complete`).
 */
import type {ByteRow, RawEvent} from '../raw-event.js'
import {latin1} from '../../trace/byte-string-table.js'

const COMMA = 0x2c
const SPACE = 0x20
/** `TimeStamp`: a layout line's second cell ends with it (a row's is a number). */
const TIMESTAMP = Buffer.from('TimeStamp', 'latin1')

export class DumperByteRow implements ByteRow {
  bytes: Uint8Array = new Uint8Array(0)
  start = new Int32Array(64)
  end = new Int32Array(64)
  /** Cells of the row split last. */
  count = 0
  private readonly range = new Int32Array(2)
  /** `bytes` as a DataView (unaligned 32-bit reads), made once per buffer. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0))
  private viewOf: Uint8Array | undefined

  constructor(
    /** Gives `raw` its texts from the row's cells as strings (the reader knows which cell is which). */
    private readonly withTexts: (raw: RawEvent, cells: string[]) => void,
  ) {}

  /**
   * Cuts bytes[a, b) into cells; false (and nothing to read) when a byte is not printable ASCII:
   * that row takes the text path.
   */
  split(bytes: Uint8Array, a: number, b: number): boolean {
    this.bytes = bytes
    if (bytes !== this.viewOf) {
      this.viewOf = bytes
      this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
    const view = this.view
    let n = 0
    let cellStart = a
    for (let i = a; i < b; ) {
      // Skip 4 bytes at a time while none is a comma or outside printable ASCII (a padded cell
      // is mostly blanks and digits): measured 180 → 157 ns per benchmark row.
      for (; i + 4 <= b; i += 4) {
        const w = view.getInt32(i, true)
        const x = w ^ 0x2c2c2c2c
        // Non-zero when a byte of w is ',' (a zero byte of x), below 0x20, or above 0x7e.
        if ((((x - 0x01010101) & ~x) | ((w - 0x20202020) & ~w) | ((w + 0x01010101) | w)) & 0x80808080) break
      }
      for (const stop = i + 4 <= b ? i + 4 : b; i < stop; i++) {
        const c = bytes[i]!
        if (c === COMMA) {
          if (n + 1 >= this.start.length) this.grow()
          this.start[n] = cellStart
          this.end[n] = i
          n++
          cellStart = i + 1
        } else if (c < SPACE || c > 0x7e) return false
      }
    }
    if (n + 1 >= this.start.length) this.grow()
    this.start[n] = cellStart
    this.end[n] = b
    this.count = n + 1
    return true
  }

  /** Cell k with the blanks around it cut off (as String#trim would, for printable ASCII): [from, to) in `range`. */
  trimmed(k: number, range: Int32Array): void {
    const bytes = this.bytes
    let i = this.start[k]!
    let j = this.end[k]!
    while (i < j && bytes[i] === SPACE) i++
    while (j > i && bytes[j - 1] === SPACE) j--
    range[0] = i
    range[1] = j
  }

  /** Cell k is decimal digits with blanks around them → the integer (exact up to 2^53), as parseDecimalCell reads its text; else undefined. */
  decimal(k: number): number | undefined {
    const bytes = this.bytes
    this.trimmed(k, this.range)
    let i = this.range[0]!
    const j = this.range[1]!
    if (i === j) return undefined
    let v = 0
    for (; i < j; i++) {
      const d = bytes[i]! - 0x30
      if (d < 0 || d > 9) return undefined
      v = v * 10 + d
    }
    return v <= Number.MAX_SAFE_INTEGER ? v : undefined
  }

  /** Cell k ends with `TimeStamp` (the test the text path makes of a layout line's second cell). */
  endsWithTimeStamp(k: number): boolean {
    const end = this.end[k]!
    const from = end - TIMESTAMP.length
    if (from < this.start[k]!) return false
    for (let i = 0; i < TIMESTAMP.length; i++) if (this.bytes[from + i] !== TIMESTAMP[i]) return false
    return true
  }

  /** Every cell as a string, as `text.split(',')` gives them. */
  cells(): string[] {
    const out = new Array<string>(this.count)
    for (let k = 0; k < this.count; k++) out[k] = latin1(this.bytes, this.start[k]!, this.end[k]!)
    return out
  }

  complete(raw: RawEvent): void {
    raw.row = undefined
    this.withTexts(raw, this.cells())
  }

  private grow(): void {
    const start = new Int32Array(this.start.length * 2)
    const end = new Int32Array(this.end.length * 2)
    start.set(this.start)
    end.set(this.end)
    this.start = start
    this.end = end
  }
}
