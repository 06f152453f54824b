import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'no-wait-inside-callbacks',
  ref: 'R68',
  severity: 'error',
  kind: 'app',
  title: 'Do not wait for WSK requests inside event callbacks or IoCompletion routines',
  description:
    'Inside any WSK event callback or `IoCompletion` routine (records on the same `tid` between its `enter` and `exit`), a `KeWaitForSingleObject`, `KeWaitForMultipleObjects` or `KeDelayExecutionThread` with `timeout` absent, `null` or non-zero is a blocking wait. It is an error when the waited `object` is tied to a WSK request (the `context` of `IoSetCompletionRoutine` for an IRP sent to WSK, or signalled by `KeSetEvent` inside such an IRP\'s `IoCompletion`), and an error whatever the object at DISPATCH_LEVEL; a blocking wait on an object the trace ties to nothing is a warning. Fix the driver by initiating requests without waiting and continuing the work in the completion routine or on a worker thread.',
  messages: {
    default: 'waits for {object}, which is signalled by the completion of WSK request IRP {irp} (line {line}); a callback or completion routine must not wait for WSK requests — continue the work in the IRP\'s IoCompletion routine or on a worker thread',
    tied: 'waits for {object}, which is signalled by the completion of WSK request IRP {irp} (line {line}); a callback or completion routine must not wait for WSK requests — continue the work in the IRP\'s IoCompletion routine or on a worker thread',
    unknownTarget: 'blocking wait on {object} inside a callback or completion routine; the trace does not tie it to a WSK request, but if it is one this deadlocks — do not block here',
    dispatch: 'wait with a non-zero timeout at IRQL {irql} (DISPATCH_LEVEL) inside a callback or completion routine; the kernel bugchecks — never wait at DISPATCH_LEVEL',
  },
  quote:
    'A WSK application\'s WskAcceptEvent event callback function must not wait for completion of other WSK requests in the context of WSK completion or event callback functions. The callback can initiate other WSK requests (assuming that it doesn\'t spend too much time at DISPATCH_LEVEL), but it must not wait for their completion even when the callback is called at IRQL = PASSIVE_LEVEL.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/no-wait-inside-callbacks/violating.jsonl',
    clean: 'traces/rules/no-wait-inside-callbacks/clean.jsonl',
  },
}
