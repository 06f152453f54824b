import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-success-app-owns',
  ref: 'R65',
  severity: 'error',
  kind: 'app',
  title: 'Close every socket you accept from WskAcceptEvent',
  description:
    'A `WskAcceptEvent` `exit` returning `STATUS_SUCCESS` for a non-NULL `acceptSocket` hands the socket to the application, which must later pass it to `WskCloseSocket`. It fires when no `WskCloseSocket` names it by `WskDeregister` or the end of the trace: an error when the trace proves the session ended, a warning otherwise, inconclusive when events were lost. Fix the driver by tracking each accepted socket and closing it when the connection ends and on unload.',
  messages: {
    default: 'the socket accepted by WskAcceptEvent (STATUS_SUCCESS at line {line}) was never closed {where}; call WskCloseSocket on it',
    leak: 'the socket accepted by WskAcceptEvent (STATUS_SUCCESS at line {line}) was never closed {where}; call WskCloseSocket on it',
  },
  quote:
    'The WSK subsystem allocates the memory for the socket object structure (WSK_SOCKET) for the accepted connection on behalf of the WSK application. The WSK subsystem deallocates this memory when the socket is closed.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-success-app-owns/violating.jsonl',
    clean: 'traces/rules/accept-event-success-app-owns/clean.jsonl',
  },
}
