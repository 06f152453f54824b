import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-dispatch-flag',
  ref: 'R67',
  severity: 'info',
  kind: 'model',
  title: 'Expect WSK_FLAG_AT_DISPATCH_LEVEL on WskAcceptEvent only at DISPATCH_LEVEL',
  description:
    'The `flags` of a `WskAcceptEvent` `enter` are either 0 or `WSK_FLAG_AT_DISPATCH_LEVEL` (0x8), and when the flag is set the callback runs at DISPATCH_LEVEL. A record whose `flags` carry the flag while its `irql` is below 2, or carry other bits, is a trace inconsistency (kind model). `flags` 0 says nothing about the IRQL and never fires.',
  messages: {
    default: 'WskAcceptEvent carries WSK_FLAG_AT_DISPATCH_LEVEL but was entered at IRQL {irql}; the trace is inconsistent',
    unknownFlags: 'WskAcceptEvent was called with Flags {flags}, which contain bits other than WSK_FLAG_AT_DISPATCH_LEVEL; the trace is inconsistent',
  },
  quote:
    'The WSK subsystem called the WskAcceptEvent event callback function at IRQL = DISPATCH_LEVEL. If this flag is not set, the WSK subsystem might have called the WskAcceptEvent event callback function at any IRQL <= DISPATCH_LEVEL.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-dispatch-flag/violating.jsonl',
    clean: 'traces/rules/accept-event-dispatch-flag/clean.jsonl',
  },
}
