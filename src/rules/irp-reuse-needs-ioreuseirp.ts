import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'irp-reuse-needs-ioreuseirp',
  ref: 'R42',
  severity: 'error',
  kind: 'app',
  title: 'Call IoReuseIrp and IoSetCompletionRoutine before passing a completed IRP to WSK again',
  description:
    'An IRP the application allocated that already went through its `IoCompletion` may be passed to another WSK call only after an `IoReuseIrp` record and a new `IoSetCompletionRoutine` record for it. It fires when a WSK call record names such an `irp` with no `IoReuseIrp` (or no new `IoSetCompletionRoutine`) since its completion. Fix the driver by calling `IoReuseIrp(irp, STATUS_UNSUCCESSFUL)` and `IoSetCompletionRoutine(irp, ..., TRUE, TRUE, TRUE)` before every resubmission.',
  messages: {
    default: 'IRP {irp} already completed at line {line} and is submitted again without IoReuseIrp; call IoReuseIrp and IoSetCompletionRoutine before every reuse',
    noCompletionRoutine: 'IRP {irp} was reinitialised with IoReuseIrp at line {line} but is submitted without a new IoSetCompletionRoutine; set the completion routine again after every reuse',
  },
  quote:
    'The WSK application reuses a completed IRP that it previously allocated. In this situation, the WSK must call the IoReuseIrp function to reinitialize the IRP.',
  quoteSource: 'Using IRPs with Winsock Kernel Functions',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/using-irps-with-winsock-kernel-functions',
  examples: {
    violating: 'traces/rules/irp-reuse-needs-ioreuseirp/violating.jsonl',
    clean: 'traces/rules/irp-reuse-needs-ioreuseirp/clean.jsonl',
  },
}
