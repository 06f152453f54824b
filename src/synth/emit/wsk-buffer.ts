/** Buffers WSK lends a callback for its duration (SOCKADDRs, WSK_INSPECT_ID): the `wsk-buffer` machine (R70, R81, R82). */
import {WskBuffer, type WskBufferState} from '../../model/machines/wsk-buffer.js'
import type {Id, TraceEvent} from '../../trace/event.js'
import type {AnyMachine, SynthObject, Thread, Walker} from '../walker.js'

export const WSK_BUFFER = WskBuffer as unknown as AnyMachine

export function lend(w: Walker, address: Id | null, state: WskBufferState, ev: TraceEvent): SynthObject | undefined {
  if (address === null) return undefined
  const buf = w.create('memory', address, ev.line)
  buf.setState(WskBuffer.slot, WskBuffer.S[state])
  return buf
}

/** The callback that lent it returned. */
export function expire(w: Walker, buf: SynthObject | undefined, ev: TraceEvent): void {
  if (buf !== undefined && WskBuffer.terminal[buf.state(WskBuffer.slot)] !== true) w.fire(WSK_BUFFER, buf, 'callbackReturned', ev, ev)
}

/** MemoryAccess: the application read through the pointer. */
export function memoryAccess(w: Walker, th: Thread, buf: SynthObject): void {
  const ev = w.record(th, 'MemoryAccess')
  ev.address = buf.id
  w.fire(WSK_BUFFER, buf, 'access', ev, ev)
}
