import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-reject-wsk-closes',
  ref: 'R63',
  severity: 'error',
  kind: 'app',
  title: 'Do not use or close a socket rejected from WskAcceptEvent',
  description:
    'When `WskAcceptEvent` returns `STATUS_REQUEST_NOT_ACCEPTED` for a non-NULL `acceptSocket`, WSK closes that socket itself. Any later WSK call naming it in `socket`, including `WskCloseSocket` (a double close), fires; the rejected socket is never a leak. A pointer that WSK delivers again in a later accept is a new socket and does not fire. Fix the driver by forgetting the socket when you reject it.',
  messages: {
    default: 'WSK already closed the socket it rejected (STATUS_REQUEST_NOT_ACCEPTED at line {line}); do not touch it again',
    close: 'WSK already closed this socket when WskAcceptEvent rejected it (STATUS_REQUEST_NOT_ACCEPTED at line {line}); remove this WskCloseSocket',
  },
  quote:
    'If this value is returned, the WSK subsystem will close the accepted socket on behalf of the WSK application.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-reject-wsk-closes/violating.jsonl',
    clean: 'traces/rules/accept-event-reject-wsk-closes/clean.jsonl',
  },
}
