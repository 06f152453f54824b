/**
 * The pool of an `ExAllocatePool*` record, reduced to what the rules need: paged or not.
 *
 * - POOL_TYPE (ExAllocatePoolWithTag, ExAllocatePool, ExAllocatePoolZero): bit 0 set = paged
 *   (PagedPool 1, PagedPoolCacheAligned 5, PagedPoolSession 33, …); NonPagedPoolNx is 512.
 * - POOL_FLAGS (ExAllocatePool2, ExAllocatePool3): paged iff POOL_FLAG_PAGED (0x100) is set.
 * Names of either kind are accepted whatever the event (they are unambiguous); a bare number is
 * read by the record's `event`.
 */
import type {PoolKind} from './event.js'
import {NameTable, parseIntegerText} from './name-table.js'

export const NonPagedPool = 0
export const PagedPool = 1
export const NonPagedPoolNx = 512

export const POOL_FLAG_USE_QUOTA = 0x1
export const POOL_FLAG_UNINITIALIZED = 0x2
export const POOL_FLAG_SESSION = 0x4
export const POOL_FLAG_CACHE_ALIGNED = 0x8
export const POOL_FLAG_RAISE_ON_FAILURE = 0x20
export const POOL_FLAG_NON_PAGED = 0x40
export const POOL_FLAG_NON_PAGED_EXECUTE = 0x80
export const POOL_FLAG_PAGED = 0x100
/** An optional flag, above 32 bits (POOL_FLAGS is a ULONG64). */
export const POOL_FLAG_SPECIAL_POOL = 0x1_0000_0000

export const POOL_TYPES = new NameTable('POOL_TYPE', [
  ['NonPagedPool', NonPagedPool],
  ['NonPagedPoolExecute', NonPagedPool],
  ['PagedPool', PagedPool],
  ['NonPagedPoolMustSucceed', 2],
  ['NonPagedPoolCacheAligned', 4],
  ['PagedPoolCacheAligned', 5],
  ['NonPagedPoolCacheAlignedMustS', 6],
  ['NonPagedPoolSession', 32],
  ['PagedPoolSession', 33],
  ['NonPagedPoolCacheAlignedSession', 36],
  ['PagedPoolCacheAlignedSession', 37],
  ['NonPagedPoolNx', NonPagedPoolNx],
  ['NonPagedPoolNxCacheAligned', 516],
  ['NonPagedPoolSessionNx', 544],
])

export const POOL_FLAGS = new NameTable('POOL_FLAG', [
  ['POOL_FLAG_USE_QUOTA', POOL_FLAG_USE_QUOTA],
  ['POOL_FLAG_UNINITIALIZED', POOL_FLAG_UNINITIALIZED],
  ['POOL_FLAG_SESSION', POOL_FLAG_SESSION],
  ['POOL_FLAG_CACHE_ALIGNED', POOL_FLAG_CACHE_ALIGNED],
  ['POOL_FLAG_RAISE_ON_FAILURE', POOL_FLAG_RAISE_ON_FAILURE],
  ['POOL_FLAG_NON_PAGED', POOL_FLAG_NON_PAGED],
  ['POOL_FLAG_NON_PAGED_EXECUTE', POOL_FLAG_NON_PAGED_EXECUTE],
  ['POOL_FLAG_PAGED', POOL_FLAG_PAGED],
  ['POOL_FLAG_SPECIAL_POOL', POOL_FLAG_SPECIAL_POOL],
])

/** Does the DDI take POOL_FLAGS (rather than a POOL_TYPE)? */
export function takesPoolFlags(event: string): boolean {
  return event === 'ExAllocatePool2' || event === 'ExAllocatePool3'
}

function kindOfNumber(n: number, event: string): PoolKind {
  // `&` keeps the low 32 bits of any safe integer, where both tests live.
  if (takesPoolFlags(event)) return (n & POOL_FLAG_PAGED) !== 0 ? 'paged' : 'nonpaged'
  return (n & 1) === 1 ? 'paged' : 'nonpaged'
}

/**
 * `"NonPagedPoolNx"`, `"PagedPool"`, `"POOL_FLAG_PAGED|POOL_FLAG_UNINITIALIZED"`, `512`, `"0x100"` →
 * `'paged' | 'nonpaged'`, or why not.
 */
export function parsePool(v: string | number, event: string): PoolKind | {error: string} {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) return {error: `${v} is not a POOL_TYPE or POOL_FLAGS value`}
    return kindOfNumber(v, event)
  }
  const type = POOL_TYPES.value(v)
  if (type !== undefined) return kindOfNumber(type, 'ExAllocatePoolWithTag')
  // POOL_FLAG_* names joined by '|' (and numbers, read by the event).
  let paged = false
  let start = 0
  for (;;) {
    const bar = v.indexOf('|', start)
    const token = (bar === -1 ? v.slice(start) : v.slice(start, bar)).trim()
    const flag = POOL_FLAGS.value(token)
    if (flag !== undefined) {
      if (flag === POOL_FLAG_PAGED) paged = true
    } else {
      const n = parseIntegerText(token)
      if (n === undefined || n < 0) {
        const known = POOL_TYPES.suggest(token) ?? POOL_FLAGS.suggest(token)
        const hint = known !== undefined ? `did you mean "${known}"?` : 'expected a POOL_TYPE name, POOL_FLAG_* names or a number'
        return {error: `unknown pool name "${token}" (${hint})`}
      }
      if (kindOfNumber(n, event) === 'paged') paged = true
    }
    if (bar === -1) return paged ? 'paged' : 'nonpaged'
    start = bar + 1
  }
}
