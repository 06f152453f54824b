import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-complete-only-for-pended',
  ref: 'R83',
  severity: 'error',
  kind: 'app',
  title: 'Call WskInspectComplete only for a request your WskInspectEvent pended on that listener',
  description:
    'A `WskInspectComplete` record must name, by `inspectId` contents (`KEY:SERIAL`, never the pointer) and `socket`, a request that `WskInspectEvent` answered with `WskInspectPend` on that same listener. It fires for an `inspectId` never pended on the listener (`default`), one answered synchronously with Accept or Reject (`answered`), or one pended on a different listener (`wrongListener`). Fix the driver by completing only entries from its pending-inspection list, on the listener that raised them.',
  messages: {
    default: 'WskInspectComplete for inspect ID {inspectId}, which no WskInspectEvent pended on this listener; complete only requests you answered with WskInspectPend',
    notPended: 'WskInspectComplete for inspect ID {inspectId}, which no WskInspectEvent pended on this listener; complete only requests you answered with WskInspectPend',
    answeredSync: 'WskInspectComplete for inspect ID {inspectId}, which WskInspectEvent already answered with {action} at line {line}; only pended requests are completed',
    wrongListener: 'WskInspectComplete for inspect ID {inspectId} on listener {listener}, but the request was pended on another listening socket at line {line}; complete it on the listener that raised it',
  },
  quote:
    'A WSK application calls the WskInspectComplete function to complete the inspection of an incoming connection request for which the application\'s WskInspectEvent event callback function previously returned WskInspectPend.',
  quoteSource: 'PFN_WSK_INSPECT_COMPLETE (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_inspect_complete',
  examples: {
    violating: 'traces/rules/inspect-complete-only-for-pended/violating.jsonl',
    clean: 'traces/rules/inspect-complete-only-for-pended/clean.jsonl',
  },
}
