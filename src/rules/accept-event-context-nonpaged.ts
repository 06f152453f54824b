import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-context-nonpaged',
  ref: 'R71',
  severity: 'error',
  kind: 'app',
  title: 'Allocate the AcceptSocketContext returned by WskAcceptEvent from non-paged pool',
  description:
    'The `context` of a `WskAcceptEvent` `exit` is passed to the accepted socket\'s callbacks, which may run at DISPATCH_LEVEL, so it must live in non-paged memory. It fires only on evidence: an `ExAllocatePool*` record whose `address` is that context and whose `pool` is paged (`PagedPool`, 1, or a paged `POOL_FLAG_*`). Fix the driver by allocating socket contexts from `NonPagedPoolNx` (`POOL_FLAG_NON_PAGED`).',
  messages: {
    default: 'AcceptSocketContext {context} was allocated from paged pool at line {line}; allocate it from non-paged pool (NonPagedPoolNx)',
  },
  quote:
    'The context information is opaque to the WSK subsystem and must be stored in non-paged memory.',
  quoteSource: 'PFN_WSK_ACCEPT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept_event',
  examples: {
    violating: 'traces/rules/accept-event-context-nonpaged/violating.jsonl',
    clean: 'traces/rules/accept-event-context-nonpaged/clean.jsonl',
  },
}
