/** IRQL (WDK `wdm.h`): the names a trace may use, and how a report prints a level. */
import {NameTable} from './name-table.js'

export const PASSIVE_LEVEL = 0
export const APC_LEVEL = 1
export const DISPATCH_LEVEL = 2
/** Highest IRQL on any architecture (HIGH_LEVEL is 15 on x64, 31 on x86). */
export const MAX_IRQL = 31

export const IRQL_NAMES = new NameTable('IRQL', [
  ['PASSIVE_LEVEL', PASSIVE_LEVEL],
  ['APC_LEVEL', APC_LEVEL],
  ['DISPATCH_LEVEL', DISPATCH_LEVEL],
])

/** `"DISPATCH_LEVEL"` or an integer 0..31 → the level; anything else → undefined. */
export function parseIrql(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= MAX_IRQL ? v : undefined
  return IRQL_NAMES.value(v)
}

/** `DISPATCH_LEVEL`, or the number for levels above it (device IRQLs have no portable name). */
export function irqlName(n: number): string {
  return IRQL_NAMES.name(n) ?? String(n)
}
