import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'new-socket-callbacks-disabled',
  ref: 'R12',
  severity: 'info',
  kind: 'model',
  title: 'Expect no WskAcceptEvent on a new socket before its accept event is enabled',
  description:
    'A socket created by `WskSocket` starts with every event callback disabled, so a `WskAcceptEvent` `enter` on it before any `WskControlSocket` with `option` `SO_WSK_EVENT_CALLBACK` and `value` `WSK_EVENT_ACCEPT` (or a prior `WskControlClient` `WSK_SET_STATIC_EVENT_CALLBACKS`) contradicts the documented behaviour of WSK. This is a trace inconsistency, never the application\'s fault: the recorder probably missed the enabling record. Only sockets whose `WskSocket` record is in the trace are checked.',
  messages: {
    default: 'WSK raised the callback although every event callback of this socket (created at line {line}) was still disabled; the trace is missing the enabling record or is inconsistent',
  },
  quote:
    'When a WSK application successfully creates a new socket, all of the event callback functions on the new socket are disabled by default.',
  quoteSource: 'PFN_WSK_SOCKET (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_socket',
  examples: {
    violating: 'traces/rules/new-socket-callbacks-disabled/violating.jsonl',
    clean: 'traces/rules/new-socket-callbacks-disabled/clean.jsonl',
  },
}
