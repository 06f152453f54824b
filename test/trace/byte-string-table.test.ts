// ByteStringTable remembers texts read from bytes, two slots per set, and a converted value per
// slot. With a tiny table every lookup collides: whatever it evicts, a slot it returns must hold
// exactly the text asked for, and a converted value must be the one made for that text.
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {ByteStringTable} from '../../src/trace/byte-string-table.js'

const KIND = 7

/** Looks `text` up at a random offset of a fresh buffer (so lookups never compare against the same bytes). */
function lookUp(table: ByteStringTable, text: string, pad: number, whole: boolean): {slot: number; bytes: Buffer} {
  const bytes = Buffer.concat([Buffer.alloc(pad, 0x2c), Buffer.from(text, 'latin1'), Buffer.alloc(3, 0x2c)])
  table.use(bytes)
  const a = pad
  const b = pad + Buffer.byteLength(text, 'latin1')
  return {slot: whole ? table.slotOfWhole(bytes, a, b) : table.slotOf(bytes, a, b), bytes}
}

describe('ByteStringTable', () => {
  const arbText = fc.oneof(
    fc.constantFrom('0xffffa00110000800', '0xffffa00110001000', '0xffffa00220000800', 'STATUS_SUCCESS', ' 2', ' 0x0000000000000015', 'x', 'WskAcceptEvent'),
    fc.string({unit: fc.constantFrom('a', 'b', '0', '1', ' ', '\u00e9', '\t'), minLength: 1, maxLength: 70}),
  )

  for (const whole of [false, true]) {
    it(`${whole ? 'slotOfWhole' : 'slotOf'}: every slot it returns holds the text asked for, and its converted value (property)`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(arbText, fc.nat(9)), {minLength: 1, maxLength: 200}), (lookups) => {
          const table = new ByteStringTable(4) // two sets of two: constant eviction
          for (const [text, pad] of lookups) {
            const {slot} = lookUp(table, text, pad, whole)
            const printable = /^[\x20-\x7e]*$/.test(text)
            if (!printable) {
              expect(slot, text).toBe(-1)
              continue
            }
            expect(slot).toBeGreaterThanOrEqual(0)
            expect(table.string(slot)).toBe(text)
            if (table.hasConverted(slot, KIND)) expect(table.convertedValue(slot)).toBe(`converted ${text}`)
            else table.setConverted(slot, KIND, `converted ${text}`)
          }
        }),
        {numRuns: 300},
      )
    })
  }

  it.each([[[]], [['0x0badf00d']], [['0x0badf00d', '0x0badf00e']]])('keeps a text used on every other lookup while one-off texts pass through its set (first: %j)', (before: string[]) => {
    const table = new ByteStringTable(2) // one set of two slots
    for (const text of before) lookUp(table, text, 0, false) // the hot text lands in either slot
    const hot = lookUp(table, '0xffffa00110000800', 0, false).slot
    table.setConverted(hot, KIND, 'hot')
    for (let i = 0; i < 50; i++) {
      lookUp(table, `0x${(0x1000 + i).toString(16)}`, 0, false) // a one-off value
      const again = lookUp(table, '0xffffa00110000800', 0, false).slot
      expect(table.hasConverted(again, KIND)).toBe(true) // found again, not made anew
      expect(table.convertedValue(again)).toBe('hot')
    }
  })
})
