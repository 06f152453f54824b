/**
 * Discrete-event scheduler of the session's actors (the set-up, the arrivals, one actor per
 * connection, the teardown). An actor is a generator that writes the records of one step and
 * yields how many µs later its next step comes; steps run in time order, ties in the order they
 * were scheduled, so the interleaving depends on the seed only. All records of a step share its
 * time: time never goes back, and a callback lasts exactly as long as its actor waited.
 */
import type {Walker} from './walker.js'

/** Yields the delay in µs until its next step. */
export type ActorBody = Generator<number, void, undefined>

export class Actor {
  /** Records written by its steps. */
  records = 0
  constructor(readonly body: ActorBody) {}
}

interface Entry {
  t: number
  seq: number
  actor: Actor
}

export class Scheduler {
  private readonly heap: Entry[] = []
  private seq = 0

  constructor(private readonly w: Walker) {}

  /** Starts `actor` `delay` µs from now. */
  spawn(body: ActorBody, delay = 0): Actor {
    const actor = new Actor(body)
    this.push({t: this.w.now + delay, seq: this.seq++, actor})
    return actor
  }

  get size(): number {
    return this.heap.length
  }

  /** Runs the next step of the earliest actor; false when none is left. */
  step(): boolean {
    const e = this.pop()
    if (e === undefined) return false
    const w = this.w
    w.now = e.t
    const before = w.written
    const r = e.actor.body.next()
    e.actor.records += w.written - before
    if (r.done !== true) {
      e.t += Math.max(0, r.value)
      e.seq = this.seq++
      this.push(e)
    }
    return true
  }

  private push(e: Entry): void {
    const h = this.heap
    let i = h.length
    h.push(e)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (!before(e, h[p]!)) break
      h[i] = h[p]!
      i = p
    }
    h[i] = e
  }

  private pop(): Entry | undefined {
    const h = this.heap
    const top = h[0]
    if (top === undefined) return undefined
    const last = h.pop()!
    if (h.length > 0) {
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        if (l >= h.length) break
        const r = l + 1
        const c = r < h.length && before(h[r]!, h[l]!) ? r : l
        if (!before(h[c]!, last)) break
        h[i] = h[c]!
        i = c
      }
      h[i] = last
    }
    return top
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq)
}
