/**
 * Buffers WSK lends to a running callback (its SOCKADDRs and WSK_INSPECT_ID), remembered so that a
 * later use of the pointer can be judged by the `wsk-buffer` machine (R70, R81, R82).
 *
 * Every WskAcceptEvent lends two buffers, but only `MemoryAccess` and `WskInspectComplete` records
 * ever ask about one, and many traces have neither. So lends go into a fixed ring (no allocation,
 * no Map write per callback), and an index from address to ring slot is built only when the first
 * question comes; from then on it is kept up to date. The ring is bounded: a use of a buffer lent
 * more than RING lends ago is not recognised.
 */
import type {Id} from '../trace/event.js'

const RING = 8192
/** How far back a callback's return looks for its own lends before falling back to the index. */
const RECENT = 64

export class LentBuffers {
  private readonly address: (Id | undefined)[] = new Array<Id | undefined>(RING).fill(undefined)
  private readonly state = new Int8Array(RING)
  private readonly line = new Int32Array(RING)
  private next = 0
  private index: Map<Id, number> | undefined

  /** Records a lend: `state` is the wsk-buffer machine's state number (a Live… state). */
  lend(address: Id, state: number, line: number): void {
    const slot = this.next
    this.next = (slot + 1) % RING
    const old = this.address[slot]
    if (this.index !== undefined) {
      if (old !== undefined && this.index.get(old) === slot) this.index.delete(old)
      this.index.set(address, slot)
    }
    this.address[slot] = address
    this.state[slot] = state
    this.line[slot] = line
  }

  /** The ring slot of the latest lend of `address`, or -1. */
  find(address: Id): number {
    if (this.index === undefined) {
      this.index = new Map()
      for (let k = 1; k <= RING; k++) {
        const slot = (this.next - k + RING) % RING
        const a = this.address[slot]
        if (a !== undefined && !this.index.has(a)) this.index.set(a, slot)
      }
    }
    return this.index.get(address) ?? -1
  }

  /** The slot of a lend made by a callback that is returning now: among the most recent lends. */
  recent(address: Id): number {
    for (let k = 1; k <= RECENT; k++) {
      const slot = (this.next - k + RING) % RING
      if (this.address[slot] === address) return slot
    }
    return this.index !== undefined ? this.find(address) : -1
  }

  stateOf(slot: number): number {
    return this.state[slot]!
  }

  setState(slot: number, state: number): void {
    this.state[slot] = state
  }

  lineOf(slot: number): number {
    return this.line[slot]!
  }
}
