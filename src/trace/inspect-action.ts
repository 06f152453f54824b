/**
 * WSK_INSPECT_ACTION (WDK `km/wsk.h`): Reject is 0, so a zeroed return value means reject.
 * The docs' samples spell them `InspectReject` etc.; both spellings are accepted.
 */
import {NameTable} from './name-table.js'

export const WskInspectReject = 0
export const WskInspectAccept = 1
export const WskInspectPend = 2
/** Sentinel, never a valid action. */
export const WskInspectMax = 3

// The same values in constant case, for code that reads better that way.
export const WSK_INSPECT_REJECT = WskInspectReject
export const WSK_INSPECT_ACCEPT = WskInspectAccept
export const WSK_INSPECT_PEND = WskInspectPend

export const INSPECT_ACTIONS = new NameTable('inspect action', [
  ['WskInspectReject', WskInspectReject],
  ['WskInspectAccept', WskInspectAccept],
  ['WskInspectPend', WskInspectPend],
  ['WskInspectMax', WskInspectMax],
  ['InspectReject', WskInspectReject],
  ['InspectAccept', WskInspectAccept],
  ['InspectPend', WskInspectPend],
])

/** `WskInspectAccept`, or the number for an out-of-range action (itself a contract violation). */
export function inspectActionName(n: number): string {
  return INSPECT_ACTIONS.name(n) ?? String(n)
}
