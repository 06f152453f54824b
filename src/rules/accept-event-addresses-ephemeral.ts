import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-addresses-ephemeral',
  ref: 'R70',
  severity: 'error',
  kind: 'app',
  title: 'Copy WskAcceptEvent\'s LocalAddress and RemoteAddress before returning; never read them later',
  description:
    'The `localAddress` and `remoteAddress` buffers of a `WskAcceptEvent` `enter` are valid only until its `exit`. It fires on a `MemoryAccess` record whose `address` equals one of them after the callback returned; reads inside the callback are fine. Fix the driver by copying the SOCKADDR contents into its own context during the callback.',
  messages: {
    default: 'reads {address}, an address buffer of WskAcceptEvent that returned at line {line}; copy the SOCKADDR contents during the callback and use the copy',
  },
  quote:
    'The SOCKADDR structures that are pointed to by the LocalAddress and RemoteAddress parameters are valid only for the duration of the call to the WskAcceptEvent event callback function.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-addresses-ephemeral/violating.jsonl',
    clean: 'traces/rules/accept-event-addresses-ephemeral/clean.jsonl',
  },
}
