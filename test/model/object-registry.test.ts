import {describe, expect, it} from 'vitest'
import {ObjectRegistry, ENDED_CAPACITY} from '../../src/model/object-registry.js'

describe('object registry', () => {
  it('starts a new generation for a pointer reused after its object ended', () => {
    const r = new ObjectRegistry()
    const a = r.create('socket', '0xffffa00100001000', 1)
    r.retire(a)
    expect(r.get('0xffffa00100001000')).toBe(a)
    expect(r.live('0xffffa00100001000')).toBeUndefined()
    const b = r.create('socket', '0xffffa00100001000', 9)
    expect(b.generation).toBe(2)
    expect(r.live('0xffffa00100001000')).toBe(b)
    expect([...r.alive()]).toEqual([b])
  })

  it('keeps ended objects findable, then sweeps the oldest: memory follows the objects alive', () => {
    const r = new ObjectRegistry()
    const first = r.create('irp', '0x1', 1)
    r.retire(first)
    for (let i = 2; i < ENDED_CAPACITY + 10; i++) r.retire(r.create('irp', '0x' + i.toString(16), i))
    expect(r.get('0x1')).toBeUndefined() // ended more than ENDED_CAPACITY endings ago: swept
    expect(r.get('0x' + (ENDED_CAPACITY + 5).toString(16))?.endedAt).toBeGreaterThanOrEqual(0)
  })
})
