import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-only-if-enabled',
  ref: 'R35',
  severity: 'info',
  kind: 'model',
  title: 'Expect WskAcceptEvent only while the accept event is enabled on the listener',
  description:
    'WSK calls `WskAcceptEvent` only while `WSK_EVENT_ACCEPT` is enabled on the listener, through `SO_WSK_EVENT_CALLBACK` or statically. A `WskAcceptEvent` `enter` after the disable of `WSK_EVENT_ACCEPT` completed (`WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE` returning `STATUS_SUCCESS`, or its IRP completing) is a trace inconsistency (kind model), never the application\'s fault. Callbacks still in progress when a disable returned `STATUS_EVENT_PENDING` are allowed; a listener never enabled since its creation is `new-socket-callbacks-disabled`.',
  messages: {
    default: 'WSK called WskAcceptEvent after WSK_EVENT_ACCEPT was disabled at line {line}; the trace is missing a re-enabling record or is inconsistent',
  },
  quote:
    'The WSK subsystem calls a WSK application\'s WskAcceptEvent event callback function when an incoming connection is accepted on the listening socket only if the event callback function was previously enabled with the SO_WSK_EVENT_CALLBACK socket option.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-only-if-enabled/violating.jsonl',
    clean: 'traces/rules/accept-event-only-if-enabled/clean.jsonl',
  },
}
