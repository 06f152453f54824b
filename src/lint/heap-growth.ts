/**
 * How far V8 lets the heap grow past what survived the last full collection, for the process
 * that replays traces (the CLI sets it at start-up: src/cli/wsktrace-command.ts).
 *
 * The replay keeps little alive (sampled over 10M events: 37–76 MB of heap in use), but with
 * V8's default growth the old generation grows to fit the garbage of a long run, and peak RSS
 * with it: 175 MB at 10M events against 130 MB at 1M. A growth of 35% (not a limit: the heap
 * still grows as far as the live objects need, so a trace with many more objects alive never
 * runs out of memory) kept it at 137 MB at 10M events and 119–126 MB at 1M, at the same speed
 * for JSONL and dumper text (tracerpt CSV, whose papaparse cells are most of its garbage, pays
 * a few percent more GC time, within run-to-run noise). Measured with `npm run bench`.
 */
import v8 from 'node:v8'

export const HEAP_GROWING_PERCENT = 35

/** Applies HEAP_GROWING_PERCENT to this process (V8 flags are process-wide: worker threads too). */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
