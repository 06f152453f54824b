import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'callback-short-at-dispatch',
  ref: 'R69',
  severity: 'warning',
  kind: 'app',
  title: 'Keep callbacks that run at DISPATCH_LEVEL short',
  description:
    'A WSK event callback entered at DISPATCH_LEVEL (its `irql` is 2 or its `flags` carry `WSK_FLAG_AT_DISPATCH_LEVEL`) must not spend long there: it fires when the `ts` of its `exit` minus the `ts` of its `enter` exceeds the budget (100 µs by default, in the header\'s `timeUnit`). Callbacks at PASSIVE_LEVEL, or without an `exit`, are not measured. Fix the driver by doing only bookkeeping in the callback and deferring lengthy work to a work item or worker thread.',
  messages: {
    default: 'callback ran {duration} at DISPATCH_LEVEL, over the budget of {budget}; defer lengthy work to a work item or worker thread',
  },
  quote:
    'The callback can initiate other WSK requests (assuming that it doesn\'t spend too much time at DISPATCH_LEVEL), but it must not wait for their completion even when the callback is called at IRQL = PASSIVE_LEVEL.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/callback-short-at-dispatch/violating.jsonl',
    clean: 'traces/rules/callback-short-at-dispatch/clean.jsonl',
  },
}
