import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-return-code',
  ref: 'R60',
  severity: 'error',
  kind: 'app',
  title: 'WskAcceptEvent must return STATUS_SUCCESS or STATUS_REQUEST_NOT_ACCEPTED',
  description:
    'The `WskAcceptEvent` `exit` (or point) record\'s `status` must be `STATUS_SUCCESS` (accept the socket) or `STATUS_REQUEST_NOT_ACCEPTED` (reject it; WSK closes it). Any other value, such as `STATUS_PENDING` or `STATUS_INSUFFICIENT_RESOURCES`, fires; a record without `status` does not. Fix the driver by mapping every failure path of the callback to `STATUS_REQUEST_NOT_ACCEPTED`.',
  messages: {
    default: 'WskAcceptEvent returned {status}; return STATUS_SUCCESS to accept the connection or STATUS_REQUEST_NOT_ACCEPTED to reject it',
  },
  quote:
    'A WSK application\'s WskAcceptEvent event callback function can return one of the following NTSTATUS codes: … STATUS_SUCCESS … The WSK application accepted the incoming connection. … STATUS_REQUEST_NOT_ACCEPTED … The WSK application rejected the incoming connection.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-return-code/violating.jsonl',
    clean: 'traces/rules/accept-event-return-code/clean.jsonl',
  },
}
