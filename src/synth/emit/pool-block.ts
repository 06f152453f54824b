/** Memory the application allocates and lends to WSK: the `pool-block` machine (R54, R71, R101). */
import {PoolBlock} from '../../model/machines/pool-block.js'
import type {Id, PoolKind, TraceEvent} from '../../trace/event.js'
import type {AnyMachine, SynthObject, Thread, Walker} from '../walker.js'
import {passiveOnly} from './activation.js'

export const POOL_BLOCK = PoolBlock as unknown as AnyMachine

/** ExAllocatePoolWithTag (`address` null: the allocation failed). Inside a WskAcceptEvent, pass its activation. */
export function allocatePool(w: Walker, th: Thread, address: Id | null, pool: PoolKind, inAcceptEvent?: SynthObject): SynthObject | undefined {
  const ev = w.record(th, 'ExAllocatePoolWithTag')
  ev.pool = pool
  ev.address = address
  if (pool === 'paged') passiveOnly(w, inAcceptEvent, ev)
  if (address === null) return undefined
  return newBlock(w, address, ev.line, pool)
}

export function freePool(w: Walker, th: Thread, block: SynthObject): void {
  const ev = w.record(th, 'ExFreePoolWithTag')
  ev.address = block.id
  if (isLive(block)) w.fire(POOL_BLOCK, block, 'free', ev, ev)
}

/** The block lent as a socket's context (`bindContext`: WskSocket, WskAccept; `bindAcceptEventContext`: WskAcceptEvent's outs). */
export function bindContext(w: Walker, block: SynthObject, sock: SynthObject, ev: TraceEvent, on: 'bindContext' | 'bindAcceptEventContext'): SynthObject {
  // A context the trace never allocated (or freed already) is a new block, as the replay sees it.
  const b = isLive(block) ? block : newBlock(w, block.id, ev.line, undefined)
  if (!w.dry) {
    b.data.socket = sock
    sock.contextBlock = b
  }
  w.fire(POOL_BLOCK, b, on, ev, ev)
  return b
}

/** The socket's close completed: its context is the application's again. */
export function unbindContext(w: Walker, sock: SynthObject, ev: TraceEvent, call: TraceEvent): void {
  const b = sock.contextBlock
  if (b !== undefined && isLive(b)) w.fire(POOL_BLOCK, b, 'unbindContext', ev, call)
}

/** WskAccept returned STATUS_PENDING: its address buffers must stay valid until the IRP completes. */
export function pinAcceptAddresses(w: Walker, irp: SynthObject, blocks: readonly SynthObject[], ev: TraceEvent, call: TraceEvent): void {
  for (const b of blocks) {
    if (!w.dry) {
      b.data.irp = irp
      b.originLine = call.line
    }
    w.fire(POOL_BLOCK, b, 'pinAcceptAddress', ev, call)
  }
  if (!w.dry) irp.pinned = [...blocks]
}

export function unpinAcceptAddresses(w: Walker, irp: SynthObject, ev: TraceEvent): void {
  for (const b of irp.pinned ?? []) if (isLive(b)) w.fire(POOL_BLOCK, b, 'unpin', ev, ev)
}

function newBlock(w: Walker, address: Id, line: number, pool: PoolKind | undefined): SynthObject {
  const block = w.create('memory', address, line)
  block.setState(PoolBlock.slot, PoolBlock.S.Allocated)
  block.data.pool = pool
  return block
}

function isLive(block: SynthObject): boolean {
  return block.state(PoolBlock.slot) !== PoolBlock.S.Freed
}
