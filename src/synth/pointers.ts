import type {Prng} from './prng.js'

/**
 * Pointer values of one kind of object, as the kernel's pool and lookaside lists hand them out:
 * distinct among live objects, and a released value comes back later (a random one of the free
 * values once a few are free), so that traces exercise pointer reuse and object generations.
 * Memory: the free list never holds more values than were ever live at once.
 *
 * Values are `0xffff` + an 12-digit region prefix and slot, lower-case without leading zeros,
 * i.e. already in the normal form of trace ids (a written pointer reads back unchanged).
 */
export class PointerPool {
  private readonly free: number[] = []
  private nextSlot = 1

  /**
   * @param region 12 hex digits after `0xffff`, up to the slot: e.g. `a00110000000`
   * @param stride distance between two values (the object's size, rounded)
   */
  constructor(
    private readonly prng: Prng,
    private readonly region: number,
    private readonly stride: number,
  ) {}

  take(): string {
    let slot: number
    // Reuse only once a few values are free: an address freed a moment ago is rarely the next one handed out.
    if (this.free.length > 8) {
      const i = Math.floor(this.prng.next() * this.free.length)
      slot = this.free[i]!
      this.free[i] = this.free[this.free.length - 1]!
      this.free.pop()
    } else slot = this.nextSlot++
    return pointer(this.region + slot * this.stride)
  }

  release(p: string): void {
    const value = parseInt(p.slice(6), 16)
    this.free.push((value - this.region) / this.stride)
  }
}

/** `0xffff` + the low 48 bits in 12 hex digits. */
export function pointer(low48: number): string {
  return '0xffff' + low48.toString(16).padStart(12, '0')
}
