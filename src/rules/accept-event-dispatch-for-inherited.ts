import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-dispatch-for-inherited',
  ref: 'R73',
  severity: 'error',
  kind: 'app',
  title: 'Return an AcceptSocketDispatch table from WskAcceptEvent when the listener passes callbacks on',
  description:
    'When connection-oriented callbacks (`WSK_EVENT_RECEIVE`, `WSK_EVENT_DISCONNECT`, `WSK_EVENT_SEND_BACKLOG`) are enabled on the listener, they are enabled on every socket it accepts through `WskAcceptEvent`, and WSK needs the dispatch table to call them. It fires when the `exit` returns `STATUS_SUCCESS` with `dispatch: null` while the listener has such inherited events; an absent `dispatch` is not evidence. Fix the driver by returning a `WSK_CLIENT_CONNECTION_DISPATCH` with the inherited callbacks filled in.',
  messages: {
    default: 'the listener passes connection callbacks ({flags}) on to accepted sockets, but WskAcceptEvent returned a NULL AcceptSocketDispatch; return a WSK_CLIENT_CONNECTION_DISPATCH with those callbacks',
  },
  quote:
    'If a WSK application enables any of the connection-oriented socket event callback functions on a listening socket, those event callback functions will be enabled by default on all connection-oriented sockets that are accepted on that listening socket.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-dispatch-for-inherited/violating.jsonl',
    clean: 'traces/rules/accept-event-dispatch-for-inherited/clean.jsonl',
  },
}
