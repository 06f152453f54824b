import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-addresses-ephemeral',
  ref: 'R82',
  severity: 'error',
  kind: 'app',
  title: 'Copy WskInspectEvent\'s LocalAddress and RemoteAddress before returning; never read them later',
  description:
    'The `localAddress` and `remoteAddress` buffers of a `WskInspectEvent` `enter` are valid only until its `exit`, even when the inspection is pended. It fires on a `MemoryAccess` record whose `address` equals one of them after the callback returned. Fix the driver by copying the SOCKADDR contents into the pending-inspection entry before returning.',
  messages: {
    default: 'reads {address}, an address buffer of WskInspectEvent that returned at line {line}; copy the SOCKADDR contents before returning and use the copy',
  },
  quote:
    'If a WSK application returns WskInspectPend from its WskInspectEvent event callback function and it needs these transport addresses during the remainder of the inspection, it must copy the contents of these structures to its own SOCKADDR structures before returning from the WskInspectEvent event callback function.',
  quoteSource: 'PFN_WSK_INSPECT_EVENT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_inspect_event',
  examples: {
    violating: 'traces/rules/inspect-addresses-ephemeral/violating.jsonl',
    clean: 'traces/rules/inspect-addresses-ephemeral/clean.jsonl',
  },
}
