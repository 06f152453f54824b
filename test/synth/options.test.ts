import {describe, expect, it} from 'vitest'
import {formatMix, parseMix} from '../../src/synth/options.js'

describe('synth --mix', () => {
  it('reads mode:weight pairs; a mode left out weighs 0; a bare mode weighs 1', () => {
    expect(parseMix('event:60,irp:30,conditional:10')).toEqual({event: 60, irp: 30, conditional: 10})
    expect(parseMix(' irp : 2 , event ')).toEqual({event: 1, irp: 2, conditional: 0})
    expect(formatMix(parseMix('conditional:5,event:1'))).toBe('event:1,conditional:5')
  })

  it('refuses unknown modes, bad weights, repeats and an all-zero mix', () => {
    expect(() => parseMix('udp:1')).toThrow("--mix: unknown accept mode 'udp' (one of: event, irp, conditional)")
    expect(() => parseMix('event:-1')).toThrow("--mix: weight of 'event' must be a non-negative number, got '-1'")
    expect(() => parseMix('event:x')).toThrow("--mix: weight of 'event' must be a non-negative number, got 'x'")
    expect(() => parseMix('event:1,event:2')).toThrow("--mix: 'event' given twice")
    expect(() => parseMix('irp:0')).toThrow('--mix: at least one mode needs a positive weight')
  })
})
