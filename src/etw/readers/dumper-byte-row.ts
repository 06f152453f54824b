/**
 * One xperf dumper row in bytes, cut into cells without making strings: the dumper reader's fast
 * path (dumper.ts). A row is split on every comma, exactly as the text path's `text.split(',')`
 * cuts it, so that a row read either way gives the same cells; only rows of printable ASCII take
 * this path (anything else needs the UTF-8 decoder), and the texts are made only when a consumer
 * asks for them (`complete`).
 */
import {ByteStringTable} from '../../trace/byte-string-table.js'
import {ByteCells, SPACE} from './byte-cells.js'

const COMMA = 0x2c
/** Event keys (direct-mapped, hashed on all their bytes: they differ in the middle). */
const KEY_SLOTS = 1 << 10
/** `TimeStamp`: a layout line's second cell ends with it (a row's is a number). */
const TIMESTAMP = Buffer.from('TimeStamp', 'latin1')

export class DumperByteRow extends ByteCells {
  /** `bytes` as a DataView (unaligned 32-bit reads), made once per buffer. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0))
  private viewOf: Uint8Array | undefined
  /** Made on the first key asked for (the WebAssembly row keeps its keys in the scanner). */
  private keys: ByteStringTable | undefined

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
          this.cell(n++, cellStart, i)
          cellStart = i + 1
        } else if (c < SPACE || c > 0x7e) return false
      }
    }
    this.cell(n, cellStart, b)
    this.count = n + 1
    return true
  }

  /**
   * The slot of the key table that the last {@link key} came from: a reader may remember what it
   * looked up for a key by this slot, checking that the key string is still the same object (a
   * slot given a new text makes a new string). Saves a Map lookup of the key per row, which
   * compares the two strings byte by byte: they are never the same object.
   */
  keySlot = 0

  /** How many slots the key table has (keySlot is below it). */
  get keySlots(): number {
    return KEY_SLOTS
  }

  /** The key cell (cell 0) trimmed, as a string: the same string each time it repeats. */
  key(): string {
    const range = this.range
    this.trimmed(0, range)
    const keys = (this.keys ??= new ByteStringTable(KEY_SLOTS))
    keys.use(this.bytes)
    const slot = keys.slotOfWhole(this.bytes, range[0]!, range[1]!) // never -1: split() found the row printable
    this.keySlot = slot
    return keys.string(slot)
  }

  /** Cell k ends with `TimeStamp` (the test the text path makes of a layout line's second cell). */
  endsWithTimeStamp(k: number): boolean {
    const end = this.end[k]!
    const from = end - TIMESTAMP.length
    if (from < this.start[k]!) return false
    for (let i = 0; i < TIMESTAMP.length; i++) if (this.bytes[from + i] !== TIMESTAMP[i]) return false
    return true
  }
}
