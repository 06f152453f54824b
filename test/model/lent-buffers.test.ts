import {describe, expect, it} from 'vitest'
import {LentBuffers} from '../../src/model/lent-buffers.js'

const RING = 8192

describe('lent buffers', () => {
  it('finds the latest lend of an address, before and after the index exists', () => {
    const b = new LentBuffers()
    b.lend('0xa', 1, 10)
    b.lend('0xb', 1, 11)
    b.lend('0xa', 2, 12)
    expect(b.lineOf(b.find('0xa'))).toBe(12) // builds the index
    b.lend('0xb', 3, 13)
    expect(b.lineOf(b.find('0xb'))).toBe(13)
    expect(b.stateOf(b.find('0xb'))).toBe(3)
    expect(b.find('0xc')).toBe(-1)
  })

  it('forgets an address once all its lends left the ring, and keeps one lent again since', () => {
    const b = new LentBuffers()
    expect(b.find('0xa')).toBe(-1) // index from the start
    b.lend('0xa', 1, 1)
    b.lend('0xb', 1, 2)
    for (let i = 0; i < RING - 1; i++) b.lend('0x' + (0x1000 + i).toString(16), 1, 100 + i)
    expect(b.find('0xa')).toBe(-1) // its slot now holds another address
    expect(b.lineOf(b.find('0xb'))).toBe(2) // the oldest lend still in the ring
    b.lend('0xa', 1, 99999)
    expect(b.lineOf(b.find('0xa'))).toBe(99999)
    // Many more lends (index sweeps included): only what is in the ring is found.
    for (let i = 0; i < 3 * RING; i++) b.lend('0x' + (0x100000 + i).toString(16), 1, i)
    expect(b.find('0xa')).toBe(-1)
    expect(b.find('0xb')).toBe(-1)
    expect(b.lineOf(b.find('0x' + (0x100000 + 3 * RING - 1).toString(16)))).toBe(3 * RING - 1)
    expect(b.find('0x' + (0x100000 + 2 * RING - 1).toString(16))).toBe(-1)
    expect(b.lineOf(b.find('0x' + (0x100000 + 2 * RING).toString(16)))).toBe(2 * RING)
  })
})
