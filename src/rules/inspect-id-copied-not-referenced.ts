import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-id-copied-not-referenced',
  ref: 'R81',
  severity: 'error',
  kind: 'app',
  title: 'Copy the WSK_INSPECT_ID contents in WskInspectEvent; never keep WSK\'s pointer',
  description:
    'The `WSK_INSPECT_ID` that WSK passes to `WskInspectEvent` (its `inspectIdPtr`) is valid only during the callback. It fires when a later `WskInspectComplete` passes that same `inspectIdPtr` (`pointerReused`), or a `MemoryAccess` reads that `address` after the callback\'s `exit` (`accessAfterReturn`). Fix the driver by copying the structure (`PendingInspectID = *InspectID;`) before returning and passing the copy to `WskInspectComplete`.',
  messages: {
    default: 'WskInspectComplete got InspectID pointer {address}, the buffer WSK passed to WskInspectEvent at line {line}; copy the WSK_INSPECT_ID contents into your own structure during the callback and pass that',
    pointerReused: 'WskInspectComplete got InspectID pointer {address}, the buffer WSK passed to WskInspectEvent at line {line}; copy the WSK_INSPECT_ID contents into your own structure during the callback and pass that',
    accessAfterReturn: 'reads {address}, WSK\'s WSK_INSPECT_ID from the WskInspectEvent that returned at line {line}; it is valid only during the callback — use your own copy',
  },
  quote:
    'The WSK application must copy the contents of the WSK_INSPECT_ID structure that is pointed to by the InspectID parameter to its own WSK_INSPECT_ID structure before returning from the WskInspectEvent event callback function.',
  quoteSource: 'PFN_WSK_INSPECT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_inspect_event',
  examples: {
    violating: 'traces/rules/inspect-id-copied-not-referenced/violating.jsonl',
    clean: 'traces/rules/inspect-id-copied-not-referenced/clean.jsonl',
  },
}
