import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'abort-return-success',
  ref: 'R89',
  severity: 'error',
  kind: 'app',
  title: 'WskAbortEvent must return STATUS_SUCCESS',
  description:
    'The `status` of a `WskAbortEvent` `exit` (or point) record must be `STATUS_SUCCESS`. Any other value fires; a record without `status` does not. Fix the driver by returning `STATUS_SUCCESS` on every path of the abort callback.',
  messages: {
    default: 'WskAbortEvent returned {status}; it must always return STATUS_SUCCESS',
  },
  quote:
    'A WSK application\'s WskAbortEvent event callback function must always return STATUS_SUCCESS.',
  quoteSource: 'PFN_WSK_ABORT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_abort_event',
  examples: {
    violating: 'traces/rules/abort-return-success/violating.jsonl',
    clean: 'traces/rules/abort-return-success/clean.jsonl',
  },
}
