import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-null-outs-if-no-callbacks',
  ref: 'R72',
  severity: 'warning',
  kind: 'app',
  title: 'Return NULL AcceptSocketContext and AcceptSocketDispatch when the accepted socket gets no callbacks',
  description:
    'If no event callback is ever enabled on a socket accepted through `WskAcceptEvent` (none inherited from the listener, no `SO_WSK_EVENT_CALLBACK` on the socket itself), the callback\'s `exit` should return `context: null` and `dispatch: null`. It fires when that `exit` returns a non-NULL `context` or `dispatch` and the rest of the trace enables no callback on the socket; absent fields are not evidence. Fix the driver by setting both out-parameters to NULL when it does not use callbacks on accepted sockets.',
  messages: {
    default: 'WskAcceptEvent returned a non-NULL AcceptSocketContext ({context}) or AcceptSocketDispatch although no event callback is ever enabled on the accepted socket; set both to NULL',
  },
  quote:
    'If the WSK application will not be enabling any event callback functions on the accepted socket, the application should set the variable that is pointed to by the AcceptSocketContext parameter to NULL.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-null-outs-if-no-callbacks/violating.jsonl',
    clean: 'traces/rules/accept-event-null-outs-if-no-callbacks/clean.jsonl',
  },
}
