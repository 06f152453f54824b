import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'no-complete-after-abort',
  ref: 'R90',
  severity: 'warning',
  kind: 'app',
  title: 'Do not complete an inspection after WskAbortEvent aborted it',
  description:
    'After a `WskAbortEvent` for an `inspectId` (contents `KEY:SERIAL`) on a listener, the application should drop that inspection: a later `WskInspectComplete` for the same contents fires as a warning, because no connection will result even with `WskInspectAccept`. The abort also discharges the obligation to complete the request. When the abort came with a different `inspectIdPtr` than the pend, `abort-match-by-contents` is reported instead. Fix the driver by removing the pending entry in `WskAbortEvent`.',
  messages: {
    default: 'WskInspectComplete ({action}) for inspect ID {inspectId}, which WskAbortEvent aborted at line {line}; no connection will result — drop the inspection when the abort arrives',
  },
  quote:
    'When the WSK subsystem calls a WSK application\'s WskAbortEvent event callback function, the application should terminate the inspection for the incoming connection request. … If the WSK application calls the WskInspectComplete function on an incoming connection request that has been aborted, the connection will not be established even if WskInspectAccept is specified in the Action parameter.',
  quoteSource: 'PFN_WSK_ABORT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_abort_event',
  examples: {
    violating: 'traces/rules/no-complete-after-abort/violating.jsonl',
    clean: 'traces/rules/no-complete-after-abort/clean.jsonl',
  },
}
