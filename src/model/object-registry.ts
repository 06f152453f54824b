import type {ObjectKind} from '../findings/finding.js'
import type {Id} from '../trace/event.js'
import {TrackedObject} from './tracked-object.js'

/** How many ended objects a registry remembers, so that a use after the end is still recognised. */
export const RETIRED_CAPACITY = 20_000

/**
 * Objects of one pointer namespace (sockets, IRPs, …). Live objects stay until their life ends;
 * ended ones are kept in a bounded most-recent list, so memory grows with the objects alive,
 * never with the trace length. The price, written down: a use of an object that ended more than
 * RETIRED_CAPACITY endings ago is no longer recognised as a use after its end.
 */
export class ObjectRegistry {
  readonly live = new Map<Id, TrackedObject>()
  private readonly retired = new Map<Id, TrackedObject>()

  get(id: Id): TrackedObject | undefined {
    return this.live.get(id) ?? this.retired.get(id)
  }

  /** Starts a new life (generation) for `id`, retiring whatever lived there before. */
  create(kind: ObjectKind, id: Id, originLine: number): TrackedObject {
    const gen = (this.get(id)?.generation ?? 0) + 1
    const obj = new TrackedObject(kind, id, gen, originLine)
    obj.registry = this
    this.retired.delete(id)
    this.live.set(id, obj)
    return obj
  }

  /** The object's life ended: keep it only in the bounded list of recently ended objects. */
  retire(obj: TrackedObject): void {
    if (this.live.get(obj.id) !== obj) return
    this.live.delete(obj.id)
    this.retired.set(obj.id, obj)
    if (this.retired.size > RETIRED_CAPACITY) {
      const oldest = this.retired.keys().next().value as Id
      this.retired.delete(oldest)
    }
  }

  forget(obj: TrackedObject): void {
    if (this.live.get(obj.id) === obj) this.live.delete(obj.id)
    if (this.retired.get(obj.id) === obj) this.retired.delete(obj.id)
  }
}
