/**
 * One tracerpt CSV row in bytes, cut into cells without making strings: the tracerpt CSV
 * reader's fast path (tracerpt-csv.ts). Only a row that papaparse cuts on every comma takes it
 * (printable ASCII, no cell opening with a double quote), so its cells are papaparse's; the
 * texts are made only when a consumer asks for them (`complete`).
 *
 * The reader's text path then joins back the user data strings that tracerpt writes as
 * ` "a, b"` (a blank before the quote, so no CSV quoting) and counts off trailing blank cells:
 * `joinStrings` and `userDataEnd` do the same on the byte ranges (a joined cell is the range from
 * its first piece to its last, since the pieces were joined with the commas between them).
 */
import {hexDigit} from '../../trace/name-table.js'
import {ByteCells, SPACE} from './byte-cells.js'

const COMMA = 0x2c
const QUOTE = 0x22
/** What {@link TracerptCsvByteRow.id} gives for a cell it does not read (a sign, any other text): the text path reads the row. */
export const NOT_PLAIN = -1

export class TracerptCsvByteRow extends ByteCells {
  /**
   * Cuts bytes[a, b) into cells; false (and nothing to read) when a byte is not printable ASCII
   * or a cell opens with a double quote: papaparse reads that row, on the text path.
   */
  split(bytes: Uint8Array, a: number, b: number): boolean {
    this.bytes = bytes
    if (a < b && bytes[a] === QUOTE) return false
    let n = 0
    let cellStart = a
    for (let i = a; i < b; i++) {
      const c = bytes[i]!
      if (c === COMMA) {
        this.cell(n++, cellStart, i)
        cellStart = i + 1
        // bytes[b] is the line break (or past the buffer): never a quote.
        if (bytes[cellStart] === QUOTE) return false
      } else if (c < SPACE || c > 0x7e) return false
    }
    this.cell(n, cellStart, b)
    this.count = n + 1
    return true
  }

  /**
   * Cell k as the reader's idCell reads a PID or TID: `0x…` hex or decimal digits → the number,
   * blank → undefined, beyond 2^53 → undefined; anything else (a sign, other text) → NOT_PLAIN.
   */
  id(k: number): number | undefined {
    const bytes = this.bytes
    this.trimmed(k, this.range)
    let i = this.range[0]!
    const j = this.range[1]!
    if (i === j) return undefined
    let v = 0
    if (j - i > 2 && bytes[i] === 0x30 && (bytes[i + 1]! | 0x20) === 0x78) {
      for (i += 2; i < j; i++) {
        const d = hexDigit(bytes[i]!)
        if (d < 0) return NOT_PLAIN
        v = v * 16 + d
      }
    } else {
      for (; i < j; i++) {
        const d = bytes[i]! - 0x30
        if (d < 0 || d > 9) return NOT_PLAIN
        v = v * 10 + d
      }
    }
    return v <= Number.MAX_SAFE_INTEGER ? v : undefined
  }

  /**
   * Joins the pieces of each string that a comma cut, from cell `from` on, as the text path's
   * userData() does: a cell that opens a string (blanks, then `"`) and does not close it takes
   * the cells up to the first one that closes it; a string never closed stays in pieces.
   */
  joinStrings(from: number): void {
    const start = this.start
    const end = this.end
    const count = this.count
    let w = from
    for (let i = from; i < count; i++) {
      let last = i
      if (this.opensString(i) && !this.closesString(i)) {
        let j = i + 1
        while (j < count && !this.closesString(j)) j++
        if (j < count) last = j
      }
      // w ≤ i: the cells still to read are not overwritten.
      start[w] = start[i]!
      end[w] = end[last]!
      w++
      i = last
    }
    this.count = w
  }

  /** The end of the user data from cell `from`, without the trailing cells of blanks a re-save pads rows with. */
  userDataEnd(from: number): number {
    let n = this.count
    while (n > from && this.isBlank(n - 1)) n--
    return n
  }

  /** Blanks, then a double quote (the text path's opensString). */
  private opensString(k: number): boolean {
    const bytes = this.bytes
    const a = this.start[k]!
    const b = this.end[k]!
    let i = a
    while (i < b && bytes[i] === SPACE) i++
    return i > a && i < b && bytes[i] === QUOTE
  }

  /** Ends with a double quote (blanks after it allowed) that is not the only non-blank byte (the text path's closesString). */
  private closesString(k: number): boolean {
    const bytes = this.bytes
    const a = this.start[k]!
    let e = this.end[k]!
    while (e > a && bytes[e - 1] === SPACE) e--
    if (e - a < 2 || bytes[e - 1] !== QUOTE) return false
    let i = a
    while (i < e && bytes[i] === SPACE) i++
    return e - i >= 2
  }

  private isBlank(k: number): boolean {
    const bytes = this.bytes
    for (let i = this.start[k]!; i < this.end[k]!; i++) if (bytes[i] !== SPACE) return false
    return true
  }
}
