import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-null-socket-close-listener',
  ref: 'R61',
  severity: 'error',
  kind: 'app',
  title: 'Close the listening socket after WskAcceptEvent reports a NULL AcceptSocket',
  description:
    'A `WskAcceptEvent` `enter` with `acceptSocket: null` means the listener is broken: the only call allowed on it afterwards is `WskCloseSocket`, and that close must come. It fires on any other WSK call naming the listener after that record (`callOnBroken`), and when no `WskCloseSocket` on it is seen by `WskDeregister` or the end of the trace (`neverClosed`). A record without `acceptSocket` is not evidence. Fix the driver by queuing a work item that closes (and, if needed, recreates) the listener.',
  messages: {
    default: 'WSK reported this listening socket broken (NULL AcceptSocket at line {line}) but it was never closed {where}; call WskCloseSocket on it as soon as possible',
    callOnBroken: 'WSK reported this listening socket broken (WskAcceptEvent with a NULL AcceptSocket at line {line}); the only call allowed now is WskCloseSocket',
    neverClosed: 'WSK reported this listening socket broken (NULL AcceptSocket at line {line}) but it was never closed {where}; call WskCloseSocket on it as soon as possible',
  },
  quote:
    'If this pointer is NULL, the listening socket is no longer functional and the WSK application must call the WskCloseSocket function to close the listening socket as soon as possible.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-null-socket-close-listener/violating.jsonl',
    clean: 'traces/rules/accept-event-null-socket-close-listener/clean.jsonl',
  },
}
