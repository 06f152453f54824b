import {describe, expect, it} from 'vitest'
import {normalizeHexText, normalizeId, normalizeInspectId} from '../../src/trace/ids.js'

describe('normalizeId', () => {
  it('keeps an already normal pointer as the same string', () => {
    const id = '0xffffa00100001000'
    expect(normalizeId(id)).toBe(id)
  })

  it('folds hex case and drops leading zeros', () => {
    expect(normalizeId('0xFFFFA00100001000')).toBe('0xffffa00100001000')
    expect(normalizeId('0XffffA00100001000')).toBe('0xffffa00100001000')
    expect(normalizeId('0x0000ffffa00100001000')).toBe('0xffffa00100001000')
    expect(normalizeId('0x00000000DEADBEEF')).toBe('0xdeadbeef')
  })

  it('reads a zero pointer as NULL, as C does', () => {
    expect(normalizeId('0x0')).toBeNull()
    expect(normalizeId('0x0000000000000000')).toBeNull()
    expect(normalizeId('0X00')).toBeNull()
    expect(normalizeId(0)).toBeNull()
    expect(normalizeId(null)).toBeNull()
  })

  it('prints non-negative integers as hex pointers', () => {
    expect(normalizeId(4096)).toBe('0x1000')
    expect(normalizeId(0xffffa0010000)).toBe('0xffffa0010000')
  })

  it('makes equal pointers equal whatever their spelling', () => {
    expect(normalizeId('0x00001000')).toBe(normalizeId(4096))
    expect(normalizeId('0x1000')).toBe(normalizeId('0X1000'))
  })

  it('keeps any other string as an opaque name', () => {
    expect(normalizeId('listener')).toBe('listener')
    expect(normalizeId('Socket#1')).toBe('Socket#1')
    expect(normalizeId('0xnothex')).toBe('0xnothex')
    expect(normalizeId('0xABCG')).toBe('0xABCG')
    expect(normalizeId('0x')).toBe('0x')
    expect(normalizeId('1234')).toBe('1234')
    expect(normalizeId('ffffa00100001000')).toBe('ffffa00100001000')
  })
})

describe('normalizeHexText', () => {
  it('returns 0x0 for zero (a value, not a pointer) and undefined for non-hex', () => {
    expect(normalizeHexText('0x000')).toBe('0x0')
    expect(normalizeHexText('0x00A')).toBe('0xa')
    expect(normalizeHexText('x12')).toBeUndefined()
    expect(normalizeHexText('0x12z')).toBeUndefined()
  })
})

describe('normalizeInspectId', () => {
  it('normalises a hex key and a decimal serial', () => {
    expect(normalizeInspectId('0xFFFFA00100005000:0007')).toBe('0xffffa00100005000:7')
    expect(normalizeInspectId('0xffffa00100005000:7')).toBe('0xffffa00100005000:7')
    expect(normalizeInspectId('0x0000ABC:0x0010')).toBe('0xabc:0x10')
  })

  it('keeps a zero part as a value', () => {
    expect(normalizeInspectId('0x0:0')).toBe('0x0:0')
    expect(normalizeInspectId('0x1:000')).toBe('0x1:0')
  })

  it('keeps opaque parts; the serial is after the last colon', () => {
    expect(normalizeInspectId('listener-a:12')).toBe('listener-a:12')
    expect(normalizeInspectId('a:b:0012')).toBe('a:b:12')
  })

  it('keeps null and refuses text that is not KEY:SERIAL', () => {
    expect(normalizeInspectId(null)).toBeNull()
    expect(normalizeInspectId('0xffffa00100005000')).toBeUndefined()
    expect(normalizeInspectId(':7')).toBeUndefined()
    expect(normalizeInspectId('0x1:')).toBeUndefined()
  })
})
