/**
 * How far V8 lets the old generation grow past what survived the last full collection, for the
 * process that replays traces (the CLI sets it at start-up: src/cli/wsktrace-command.ts).
 *
 * The replay keeps little alive (10–20 MB after a full collection, at 1M events as at 10M), but
 * with V8's default growth the old generation grows to fit the garbage of a long run, and peak
 * RSS with it: 175 MB at 10M events against 130 MB at 1M. The growth is not a limit on what is
 * alive (the heap still grows as far as the live objects need, so a trace with many more objects
 * alive never runs out of memory), only how much garbage may pile up between full collections.
 *
 * The rule: after a full collection the next one comes when the old generation reaches
 * max(2 × live, OLD_GENERATION_FLOOR). The first half is the fixed 100% growth this file used to
 * set (measured at 10M events, `--trace-gc`, one run each, load ~3):
 *
 * | growth | JSONL: full GCs, s, peak RSS | dumper text: full GCs, s, peak RSS |
 * |---|---|---|
 * | 35%  | 42, 12.97, 140 MB | 152, 21.62, 132 MB |
 * | 100% | 23, 11.18, 134 MB | 45, 15.25, 140 MB |
 * | 150% | 7, 10.29, 137 MB  | 7, 15.09, 145 MB |
 *
 * The floor is for the start of a run, when live is small (8–14 MB): doubling it meant a full
 * collection every ~100k events, nine in the 1M-event benchmark, each one's concurrent marking
 * on the second core while the optimizing compiler still had most of the hot code to compile.
 * With a floor the 1M-event benchmark does two (lint ~7% faster, medians of 11 interleaved runs),
 * and a long run does what it did, its live set (~16 MB) being past half the floor. V8 takes the
 * growth as a percentage, read when it sets the next limit; so it is set again after every full
 * collection, from the old generation in use then (live plus what was promoted since: never less
 * than live, so the limit errs low).
 */
import {constants, PerformanceObserver} from 'node:perf_hooks'
import v8 from 'node:v8'

export const HEAP_GROWING_PERCENT = 100
/** The old generation's smallest limit between full collections (see above). */
export const OLD_GENERATION_FLOOR = 24 * 2 ** 20
/** The most growth asked for (a live set of 4.8 MB reaches the floor). */
export const MAX_GROWING_PERCENT = 400

/** The growth that takes a heap of `live` bytes to max(2 × live, OLD_GENERATION_FLOOR). */
export function growingPercent(live: number): number {
  if (!(live > 0)) return MAX_GROWING_PERCENT
  const toFloor = Math.ceil((OLD_GENERATION_FLOOR / live - 1) * 100)
  return Math.min(MAX_GROWING_PERCENT, Math.max(HEAP_GROWING_PERCENT, toFloor))
}

let applied = -1
let observer: PerformanceObserver | undefined
/** Set once worker threads lint: the rule then stays at HEAP_GROWING_PERCENT (see holdHeapGrowth). */
let held = false

/** The growth last asked of V8 (-1 before limitHeapGrowth). */
export function appliedGrowingPercent(): number {
  return applied
}

function apply(percent: number): void {
  if (percent === applied) return
  applied = percent
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`)
}

/** What the old generation holds now: right after a full collection, its live objects and what was promoted since. */
function oldGenerationInUse(): number {
  let bytes = 0
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name === 'old_space' || space.space_name === 'large_object_space') bytes += space.space_used_size
  }
  return bytes
}

function retune(): void {
  apply(held ? HEAP_GROWING_PERCENT : growingPercent(oldGenerationInUse()))
}

/**
 * Applies the rule to this process (V8 flags are process-wide: worker threads too), now and
 * after every full collection. Idempotent.
 */
export function limitHeapGrowth(): void {
  retune()
  if (observer !== undefined || held) return
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // `detail` is Node's (since 16): @types/node's PerformanceEntry does not declare it.
      const detail = (entry as unknown as {detail?: {kind?: number}}).detail
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        retune()
        return
      }
    }
  })
  observer.observe({entryTypes: ['gc']})
}

/**
 * For `--jobs`: V8 takes one growth for every heap of the process, and the rule reads the calling
 * thread's, which only coordinates while workers lint (its small heap would have every worker's
 * grow past its floor). The growth stays HEAP_GROWING_PERCENT from here on, as before the rule.
 */
export function holdHeapGrowth(): void {
  held = true
  observer?.disconnect()
  observer = undefined
  apply(HEAP_GROWING_PERCENT)
}
