/**
 * How far V8 lets the heap grow past what survived the last full collection, for the process
 * that replays traces (the CLI sets it at start-up: src/cli/wsktrace-command.ts).
 *
 * The replay keeps little alive (sampled over 10M events: 37–76 MB of heap in use), but with
 * V8's default growth the old generation grows to fit the garbage of a long run, and peak RSS
 * with it: 175 MB at 10M events against 130 MB at 1M. The growth is not a limit (the heap still
 * grows as far as the live objects need, so a trace with many more objects alive never runs out
 * of memory), only how much garbage may pile up between full collections. Measured at 10M
 * events (`--trace-gc`, one run each, load ~3):
 *
 * | growth | JSONL: full GCs, s, peak RSS | dumper text: full GCs, s, peak RSS |
 * |---|---|---|
 * | 35%  | 42, 12.97, 140 MB | 152, 21.62, 132 MB |
 * | 100% | 23, 11.18, 134 MB | 45, 15.25, 140 MB |
 * | 150% | 7, 10.29, 137 MB  | 7, 15.09, 145 MB |
 *
 * 35% (the first choice) had the dumper's small heap (~10 MB) collected every few thousand rows;
 * 100% keeps every benchmark input under 150 MB with room to spare.
 */
import v8 from 'node:v8'

export const HEAP_GROWING_PERCENT = 100

/** Applies HEAP_GROWING_PERCENT to this process (V8 flags are process-wide: worker threads too). */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
