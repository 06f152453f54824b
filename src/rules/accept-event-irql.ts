import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-irql',
  ref: 'R66',
  severity: 'error',
  kind: 'app',
  title: 'Do no PASSIVE_LEVEL-only work inside WskAcceptEvent: it runs at up to DISPATCH_LEVEL',
  description:
    'WSK calls `WskAcceptEvent` at IRQL <= DISPATCH_LEVEL, so the callback must not do anything that requires PASSIVE_LEVEL (`WskRegister`, `WskDeregister`, a waiting `WskCaptureProviderNPI`, a blocking wait, paged-pool allocation). Such a record inside the callback is an error when the callback was entered at DISPATCH_LEVEL (`irql` 2 or `WSK_FLAG_AT_DISPATCH_LEVEL`), and a warning when it was observed at a lower IRQL, because the next call may be at DISPATCH_LEVEL. A callback entered above DISPATCH_LEVEL is a trace inconsistency, reported with kind model. Fix the driver by moving PASSIVE_LEVEL work to a work item or worker thread.',
  messages: {
    default: 'this requires PASSIVE_LEVEL but runs inside WskAcceptEvent entered at IRQL {irql}; move it to a work item or worker thread',
    passiveOnly: 'this requires PASSIVE_LEVEL but runs inside WskAcceptEvent entered at IRQL {irql}; move it to a work item or worker thread',
    mayRunAtDispatch: 'this requires PASSIVE_LEVEL; WskAcceptEvent ran at IRQL {irql} this time, but WSK may call it at DISPATCH_LEVEL — move it to a work item or worker thread',
    irqlTooHigh: 'WSK called WskAcceptEvent at IRQL {irql}, above DISPATCH_LEVEL; the trace is inconsistent',
  },
  quote:
    'The WSK subsystem calls a WSK application\'s WskAcceptEvent event callback function at IRQL <= DISPATCH_LEVEL.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-irql/violating.jsonl',
    clean: 'traces/rules/accept-event-irql/clean.jsonl',
  },
}
