import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'irp-not-touched-while-owned-by-wsk',
  ref: 'R43',
  severity: 'error',
  kind: 'app',
  title: 'Do not free, reuse or resubmit an IRP while WSK still owns it',
  description:
    'From a WSK call record naming an `irp` until that IRP\'s `IoCompletion` `enter`, WSK owns the IRP: an `IoFreeIrp`, an `IoReuseIrp` or another WSK call on the same `irp` in that window is a violation. A call that returned a status other than `STATUS_PENDING` still completes its IRP; when `IoSetCompletionRoutine` was recorded for it, the IRP stays owned by WSK until its `IoCompletion`. Fix the driver by touching the IRP again only in or after its completion routine.',
  messages: {
    default: 'WSK still owns this IRP (submitted at line {line}) until its IoCompletion routine runs; wait for the completion before freeing, reusing, re-arming or resubmitting it',
    free: 'IoFreeIrp on IRP {irp} while WSK still owns it (submitted at line {line}); free it only in or after its IoCompletion routine',
    reuse: 'IoReuseIrp on IRP {irp} while WSK still owns it (submitted at line {line}); reuse it only after its IoCompletion routine ran',
    submittedTwice: 'IRP {irp} is submitted again while WSK still owns it from the call at line {line}; use a separate IRP or wait for its completion',
  },
  quote:
    'The WSK application reuses a completed IRP that it previously allocated.',
  quoteSource: 'Using IRPs with Winsock Kernel Functions',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/using-irps-with-winsock-kernel-functions',
  examples: {
    violating: 'traces/rules/irp-not-touched-while-owned-by-wsk/violating.jsonl',
    clean: 'traces/rules/irp-not-touched-while-owned-by-wsk/clean.jsonl',
  },
}
