import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-null-id-close-listener',
  ref: 'R78',
  severity: 'error',
  kind: 'app',
  title: 'Close the listening socket after WskInspectEvent reports a NULL InspectID',
  description:
    'A `WskInspectEvent` `enter` with `inspectId: null` means the listener is broken: afterwards the only call allowed on it is `WskCloseSocket`, and that close must come. It fires on any other WSK call naming the listener after that record (`callOnBroken`), and when no `WskCloseSocket` on it is seen by `WskDeregister` or the end of the trace (`neverClosed`). A record without `inspectId` is not evidence. Fix the driver by queuing a work item that closes the listener.',
  messages: {
    default: 'WSK reported this listening socket broken (NULL InspectID at line {line}) but it was never closed {where}; call WskCloseSocket on it as soon as possible',
    callOnBroken: 'WSK reported this listening socket broken (WskInspectEvent with a NULL InspectID at line {line}); the only call allowed now is WskCloseSocket',
    neverClosed: 'WSK reported this listening socket broken (NULL InspectID at line {line}) but it was never closed {where}; call WskCloseSocket on it as soon as possible',
  },
  quote:
    'If this pointer is NULL, the listening socket is no longer functional and the WSK application must call the WskCloseSocket function to close the listening socket as soon as possible.',
  quoteSource: 'PFN_WSK_INSPECT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_inspect_event',
  examples: {
    violating: 'traces/rules/inspect-null-id-close-listener/violating.jsonl',
    clean: 'traces/rules/inspect-null-id-close-listener/clean.jsonl',
  },
}
