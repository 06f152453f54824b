import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-address-buffers-live-until-completion',
  ref: 'R54',
  severity: 'error',
  kind: 'app',
  title: 'Keep the address buffers given to a pending WskAccept valid until its IRP completes',
  description:
    'When `WskAccept` returns `STATUS_PENDING` with non-NULL `localAddress` or `remoteAddress`, those buffers must stay allocated until the `IoCompletion` of its `irp`. It fires when an `ExFreePool*` record frees one of those `address` values after the pending return and before the completion. Fix the driver by keeping the address buffers in the per-accept context and freeing them in or after the completion routine.',
  messages: {
    default: 'address buffer {address} given to WskAccept (pending since line {line}) is freed before IRP {irp} completed; keep LocalAddress/RemoteAddress buffers alive until the IoCompletion routine runs',
  },
  quote:
    'If a WSK application specifies a non-NULL pointer in the LocalAddress parameter, in the RemoteAddress parameter, or in both parameters, and if WskAccept returns STATUS_PENDING, the buffers that are pointed to by those parameters must remain valid until the IRP is completed.',
  quoteSource: 'PFN_WSK_ACCEPT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept',
  examples: {
    violating: 'traces/rules/accept-address-buffers-live-until-completion/violating.jsonl',
    clean: 'traces/rules/accept-address-buffers-live-until-completion/clean.jsonl',
  },
}
