/**
 * Buffers WSK lends to a running callback (its SOCKADDRs and WSK_INSPECT_ID), remembered so that a
 * later use of the pointer can be judged by the `wsk-buffer` machine (R70, R81, R82).
 *
 * Every WskAcceptEvent lends two buffers, but only `MemoryAccess` and `WskInspectComplete` records
 * ever ask about one, and many traces have neither. So lends go into a fixed ring (no allocation,
 * no Map write per callback), and an index from address to ring slot is built only when the first
 * question comes; from then on each lend writes it. The ring is bounded: a use of a buffer lent
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
  /**
   * Address → ring slot of its latest lend. An entry is not removed when its slot is lent again:
   * the ring reuses slots oldest first, so a slot that no longer holds the address means every
   * lend of it has left the ring (`find` checks). One Map write per lend instead of three; stale
   * entries are swept every RING lends, so the index stays within twice the ring.
   */
  private index: Map<Id, number> | undefined
  private lendsSinceSweep = 0

  /** Records a lend: `state` is the wsk-buffer machine's state number (a Live… state). */
  lend(address: Id, state: number, line: number): void {
    const slot = this.next
    this.next = (slot + 1) % RING
    if (this.index !== undefined) {
      this.index.set(address, slot)
      if (++this.lendsSinceSweep >= RING) this.sweepIndex()
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
    const slot = this.index.get(address)
    return slot !== undefined && this.address[slot] === address ? slot : -1
  }

  private sweepIndex(): void {
    this.lendsSinceSweep = 0
    const index = this.index!
    for (const [address, slot] of index) if (this.address[slot] !== address) index.delete(address)
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
