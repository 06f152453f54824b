/**
 * The generator's only source of randomness: mulberry32, a 32-bit PRNG small enough to read and
 * fast enough for millions of draws. Same seed, same sequence, on every platform: no Math.random,
 * no clock, no iteration over hash maps anywhere in the generator.
 */
export class Prng {
  private a: number

  constructor(seed: number) {
    this.a = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0
    let t = this.a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** An index drawn in proportion to the weights (all >= 0, at least one > 0); -1 when all are 0. */
  weighted(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w
    if (total <= 0) return -1
    let r = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!
      if (r < 0 && weights[i]! > 0) return i
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i
    return -1
  }

  /** Exponentially distributed delay with the given mean, rounded to a whole number >= 1. */
  exp(mean: number): number {
    return Math.max(1, Math.round(-Math.log(1 - this.next()) * mean))
  }
}
