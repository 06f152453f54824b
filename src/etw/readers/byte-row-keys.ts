/**
 * A value per distinct combination of some cells of rows still in bytes: tracerpt CSV rows carry
 * their event kind in six cells (Event Name, Type, Event ID, Version, Opcode, Task), which the
 * text path interns by their texts; this finds the kind again from the bytes of the same cells,
 * without making strings. Cells never hold a comma (rows are cut on commas), so the cells joined
 * by commas are the key. Direct-mapped, so memory is fixed: a combination whose slot another one
 * took is looked up by text again and takes the slot back.
 */
import type {ByteRow} from '../raw-event.js'

const COMMA = 0x2c

export class ByteRowKeys<T> {
  private readonly mask: number
  private readonly keys: Array<Uint8Array | undefined>
  private readonly values: Array<T | undefined>
  /** The slot of the row looked up last (set() stores there). */
  private slot = 0

  /** `cells`: the cells that make the key, in order; `slots`: a power of two. */
  constructor(
    private readonly cells: readonly number[],
    slots: number,
  ) {
    if ((slots & (slots - 1)) !== 0) throw new Error('ByteRowKeys: slots must be a power of two')
    this.mask = slots - 1
    this.keys = new Array<Uint8Array | undefined>(slots).fill(undefined)
    this.values = new Array<T | undefined>(slots).fill(undefined)
  }

  /**
   * The value stored for the row's key cells, or undefined (then {@link set} stores one for them).
   * Hashed on each cell's length and last 4 bytes (cells are padded on the left), compared whole.
   */
  get(row: ByteRow): T | undefined {
    const bytes = row.bytes
    const cells = this.cells
    let h = 0
    for (let c = 0; c < cells.length; c++) {
      const k = cells[c]!
      const a = row.start[k]!
      const end = row.end[k]!
      h = (Math.imul(h, 31) + end - a) | 0
      for (let i = end - a > 4 ? end - 4 : a; i < end; i++) h = (Math.imul(h, 31) + bytes[i]!) | 0
    }
    const slot = (h ^ (h >>> 15)) & this.mask
    this.slot = slot
    const key = this.keys[slot]
    return key !== undefined && this.same(row, key) ? this.values[slot] : undefined
  }

  /** Stores `value` for the key cells of the row {@link get} was given last. */
  set(row: ByteRow, value: T): void {
    const cells = this.cells
    let n = 0
    for (const k of cells) n += row.end[k]! - row.start[k]! + 1
    const key = new Uint8Array(n)
    let at = 0
    for (const k of cells) {
      key.set(row.bytes.subarray(row.start[k]!, row.end[k]!), at)
      at += row.end[k]! - row.start[k]!
      key[at++] = COMMA
    }
    this.keys[this.slot] = key
    this.values[this.slot] = value
  }

  private same(row: ByteRow, key: Uint8Array): boolean {
    const bytes = row.bytes
    const cells = this.cells
    let at = 0
    for (let c = 0; c < cells.length; c++) {
      const k = cells[c]!
      const end = row.end[k]!
      for (let i = row.start[k]!; i < end; i++, at++) if (at >= key.length || bytes[i] !== key[at]) return false
      if (key[at++] !== COMMA) return false
    }
    return at === key.length
  }
}
