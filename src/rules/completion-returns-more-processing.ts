import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'completion-returns-more-processing',
  ref: 'R41',
  severity: 'error',
  kind: 'app',
  title: 'Return STATUS_MORE_PROCESSING_REQUIRED from the IoCompletion routine of your own IRPs',
  description:
    'The `IoCompletion` `exit` of an IRP the application allocated must carry `status` `STATUS_MORE_PROCESSING_REQUIRED`, whatever the IRP\'s result. It is an error when the trace shows an `IoAllocateIrp` for that `irp`; without that evidence it is only a warning, since a driver may legally return another status for an IRP passed down to it. Fix the driver by ending every completion routine of WSK IRPs with `return STATUS_MORE_PROCESSING_REQUIRED;`.',
  messages: {
    default: 'the IoCompletion routine of IRP {irp} (allocated at line {line}) returned {status}; return STATUS_MORE_PROCESSING_REQUIRED so the I/O manager stops completing an IRP you own',
    unknownOrigin: 'the IoCompletion routine of IRP {irp} returned {status}; if the application allocated this IRP it must return STATUS_MORE_PROCESSING_REQUIRED (no IoAllocateIrp for it in the trace, so this is a warning)',
  },
  quote:
    'Always return STATUS_MORE_PROCESSING_REQUIRED to terminate the completion processing of the IRP.',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/completion-returns-more-processing/violating.jsonl',
    clean: 'traces/rules/completion-returns-more-processing/clean.jsonl',
  },
}
