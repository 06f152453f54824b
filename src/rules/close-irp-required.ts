import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'close-irp-required',
  ref: 'R96',
  severity: 'error',
  kind: 'app',
  title: 'Pass an IRP to WskCloseSocket',
  description:
    'The `Irp` of `WskCloseSocket` is required: WSK completes it when the close is done. It fires on a `WskCloseSocket` record whose `irp` is `null` (or a zero pointer); a terse record without `irp` is not evidence. Fix the driver by allocating (or reusing) an IRP with a completion routine for every close and freeing the socket context only when that IRP completes.',
  messages: {
    default: 'WskCloseSocket was called with a NULL Irp; pass an IRP and learn from its completion when the close is done',
  },
  quote:
    'A pointer to a caller-allocated IRP that the WSK subsystem uses to complete the close operation asynchronously.',
  quoteSource: 'PFN_WSK_CLOSE_SOCKET (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_close_socket',
  examples: {
    violating: 'traces/rules/close-irp-required/violating.jsonl',
    clean: 'traces/rules/close-irp-required/clean.jsonl',
  },
}
