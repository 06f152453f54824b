import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-complete-action',
  ref: 'R84',
  severity: 'error',
  kind: 'app',
  title: 'Pass WskInspectAccept or WskInspectReject to WskInspectComplete',
  description:
    'The `action` of a `WskInspectComplete` record must be `WskInspectAccept` (1) or `WskInspectReject` (0). `WskInspectPend` (2) or any other integer fires; a record without `action` does not. Fix the driver by deciding before calling `WskInspectComplete`; an inspection cannot be pended twice.',
  messages: {
    default: 'WskInspectComplete with Action {action}; pass WskInspectAccept or WskInspectReject',
  },
  quote:
    'A WSK application must specify either WskInspectAccept or WskInspectReject for this parameter.',
  quoteSource: 'PFN_WSK_INSPECT_COMPLETE (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_inspect_complete',
  examples: {
    violating: 'traces/rules/inspect-complete-action/violating.jsonl',
    clean: 'traces/rules/inspect-complete-action/clean.jsonl',
  },
}
