/**
 * A row of an ETW text export still in bytes, cut into cells: what the dumper's and tracerpt
 * CSV's byte rows (dumper-byte-row.ts, tracerpt-csv-byte-row.ts) share. Each format cuts its
 * rows its own way (`split`); reading a cut cell — trimmed, as a decimal, as text — is the same.
 * Only rows of printable ASCII are cut in bytes, so a byte is a character and latin1 is exact.
 */
import type {ByteRow, RawEvent} from '../raw-event.js'
import {latin1} from '../../trace/byte-string-table.js'

export const SPACE = 0x20

export abstract class ByteCells implements ByteRow {
  bytes: Uint8Array = new Uint8Array(0)
  start: Int32Array = new Int32Array(64)
  end: Int32Array = new Int32Array(64)
  /** Cells of the row cut last. */
  count = 0
  protected readonly range = new Int32Array(2)

  constructor(
    /** Gives `raw` its texts from the row's cells as strings (the reader knows which cell is which). */
    private readonly withTexts: (raw: RawEvent, cells: string[]) => void,
  ) {}

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

  /** Every cell as a string, as the text path has them. */
  cells(): string[] {
    const out = new Array<string>(this.count)
    for (let k = 0; k < this.count; k++) out[k] = latin1(this.bytes, this.start[k]!, this.end[k]!)
    return out
  }

  complete(raw: RawEvent): void {
    raw.row = undefined
    this.withTexts(raw, this.cells())
  }

  /** Records cell k as bytes[a, b) (split's cut), with room made as needed. */
  protected cell(k: number, a: number, b: number): void {
    if (k >= this.start.length) this.grow()
    this.start[k] = a
    this.end[k] = b
  }

  /** Room for twice as many cells (rows are rarely wider than 64). */
  private grow(): void {
    const start = new Int32Array(this.start.length * 2)
    const end = new Int32Array(this.end.length * 2)
    start.set(this.start)
    end.set(this.end)
    this.start = start
    this.end = end
  }
}
