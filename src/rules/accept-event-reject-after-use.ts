import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-reject-after-use',
  ref: 'R64',
  severity: 'error',
  kind: 'app',
  title: 'Do not reject a socket in WskAcceptEvent after issuing calls on it',
  description:
    'Inside `WskAcceptEvent`, the application may start operations on the offered socket, but only if it then accepts it. It fires when, between the `enter` and the `exit` of the callback on the same thread, a WSK call names the offered `acceptSocket` and the `exit` returns `STATUS_REQUEST_NOT_ACCEPTED`: WSK closes the socket under the pending request. Fix the driver by deciding first, and issuing calls on the socket only when returning `STATUS_SUCCESS`.',
  messages: {
    default: 'WskAcceptEvent rejected the offered socket after issuing a call on it at line {line}; WSK closes it under that request — accept it (STATUS_SUCCESS) and close it yourself, or make no call on it before rejecting',
  },
  quote:
    'The WSK application rejected the incoming connection. If this value is returned, the WSK subsystem will close the accepted socket on behalf of the WSK application.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-reject-after-use/violating.jsonl',
    clean: 'traces/rules/accept-event-reject-after-use/clean.jsonl',
  },
}
