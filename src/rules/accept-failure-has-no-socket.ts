import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-failure-has-no-socket',
  ref: 'R52',
  severity: 'error',
  kind: 'app',
  title: 'Do not use IoStatus.Information of a WskAccept IRP that completed with failure',
  description:
    'A `WskAccept` IRP whose `IoCompletion` `enter` carries a failure `status` delivers no socket, whatever its `information` holds. It fires when a later WSK call (including `WskCloseSocket`) names, in `socket`, the `information` value of such a failed completion, and no other event made that pointer a live socket. Fix the driver by checking `Irp->IoStatus.Status` before reading `IoStatus.Information` in the accept completion routine.',
  messages: {
    default: 'the WskAccept IRP completed with {status} at line {line}, so this pointer is not an accepted socket; check IoStatus.Status before using IoStatus.Information',
  },
  quote:
    'An error occurred. The IRP will be completed with failure status.',
  quoteSource: 'PFN_WSK_ACCEPT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept',
  examples: {
    violating: 'traces/rules/accept-failure-has-no-socket/violating.jsonl',
    clean: 'traces/rules/accept-failure-has-no-socket/clean.jsonl',
  },
}
