import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'irp-free-or-reuse-after-completion',
  ref: 'R44',
  severity: 'warning',
  kind: 'app',
  title: 'Free or reuse every IRP you allocated once it has completed, and free it exactly once',
  description:
    'An IRP with an `IoAllocateIrp` record whose `IoCompletion` ran must later be freed (`IoFreeIrp`) or reused (`IoReuseIrp`); one still held at the end of a complete trace is an IRP leak (warning). A second `IoFreeIrp`, or any `IoReuseIrp`, `IoSetCompletionRoutine` or WSK call on an IRP after its `IoFreeIrp`, is reported under this rule as an error. Fix the driver by freeing each IRP exactly once, when it is no longer needed, and never touching it afterwards.',
  messages: {
    default: 'IRP {irp} completed at line {line} but was neither freed with IoFreeIrp nor reused {where}; free it when you are done with it',
    leak: 'IRP {irp} completed at line {line} but was neither freed with IoFreeIrp nor reused {where}; free it when you are done with it',
    doubleFree: 'IoFreeIrp on IRP {irp}, already freed at line {line}; free each IRP exactly once',
    useAfterFree: 'IRP {irp} was freed at line {line} and is used again; allocate a new IRP instead',
  },
  quote:
    'If the WSK application is done using the IRP after the IoCompletion routine has been called, then it should call the IoFreeIrp function to free the IRP before returning from the IoCompletion routine.',
  quoteSource: 'Using IRPs with Winsock Kernel Functions',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/using-irps-with-winsock-kernel-functions',
  examples: {
    violating: 'traces/rules/irp-free-or-reuse-after-completion/violating.jsonl',
    clean: 'traces/rules/irp-free-or-reuse-after-completion/clean.jsonl',
  },
}
