import type {ObjectKind} from '../findings/finding.js'
import type {Id} from '../trace/event.js'
import {TrackedObject} from './tracked-object.js'

/** How many ended objects a registry keeps at most before it sweeps the oldest half away. */
export const ENDED_CAPACITY = 8192

/**
 * Objects of one pointer namespace (sockets, IRPs, …), in one Map: one lookup per use on the hot
 * path. An object whose life ended stays findable (a use after its end is what R63/R99/R44 catch)
 * until a sweep: when more than ENDED_CAPACITY ended objects accumulate, those that ended before
 * the most recent ENDED_CAPACITY/2 endings are dropped. Memory thus grows with the objects alive,
 * never with the trace length. The price, written down: a use of an object that ended more than
 * ENDED_CAPACITY endings earlier may no longer be recognised as a use after its end.
 */
export class ObjectRegistry {
  private readonly objects = new Map<Id, TrackedObject>()
  private endings = 0
  private endedCount = 0
  /**
   * The last lookup: consecutive records very often name the same IRP or socket. Never undefined
   * ('' is no id): a compare of a string with undefined-or-a-string is a generic call per lookup.
   */
  private lastId: Id = ''
  private lastObj: TrackedObject | undefined

  get(id: Id): TrackedObject | undefined {
    if (id === this.lastId) return this.lastObj
    const obj = this.objects.get(id)
    this.lastId = id
    this.lastObj = obj
    return obj
  }

  /** The object if its life has not ended. */
  live(id: Id): TrackedObject | undefined {
    const obj = this.get(id)
    return obj !== undefined && obj.endedAt < 0 ? obj : undefined
  }

  /** Objects whose life has not ended (for end-of-trace obligations). */
  *alive(): IterableIterator<TrackedObject> {
    for (const obj of this.objects.values()) if (obj.endedAt < 0) yield obj
  }

  /** Starts a new life (generation) for `id`; what lived there before is gone. */
  create(kind: ObjectKind, id: Id, originLine: number): TrackedObject {
    const old = this.get(id)
    const obj = new TrackedObject(kind, id, (old?.generation ?? 0) + 1, originLine)
    obj.registry = this
    if (old !== undefined && old.endedAt >= 0) this.endedCount--
    this.objects.set(id, obj)
    this.lastId = id
    this.lastObj = obj
    return obj
  }

  /** The object's life ended: it stays findable until a sweep. */
  retire(obj: TrackedObject): void {
    if (obj.endedAt >= 0) return
    obj.endedAt = this.endings++
    // Most often the object just looked up: the cache answers without a Map lookup.
    if (obj !== this.lastObj && this.objects.get(obj.id) !== obj) return
    if (++this.endedCount > ENDED_CAPACITY) this.sweep()
  }

  private sweep(): void {
    this.lastId = ''
    this.lastObj = undefined
    const keepFrom = this.endings - ENDED_CAPACITY / 2
    for (const [id, obj] of this.objects) {
      if (obj.endedAt >= 0 && obj.endedAt < keepFrom) {
        this.objects.delete(id)
        this.endedCount--
      }
    }
  }
}
