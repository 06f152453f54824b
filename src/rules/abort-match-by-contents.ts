import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'abort-match-by-contents',
  ref: 'R88',
  severity: 'error',
  kind: 'app',
  title: 'Match WskAbortEvent to inspections by WSK_INSPECT_ID contents, not by pointer',
  description:
    'WSK may pass a different `WSK_INSPECT_ID` pointer to `WskAbortEvent` than to the `WskInspectEvent` that pended the request; only the contents (`inspectId` `KEY:SERIAL`) identify it. It fires when a `WskInspectComplete` follows a `WskAbortEvent` for the same contents whose `inspectIdPtr` differed from the pending one: an application comparing pointers missed exactly this abort. Fix the driver by comparing `Key` and `SerialNumber` when matching aborts.',
  messages: {
    default: 'WskInspectComplete for inspect ID {inspectId}, which WskAbortEvent aborted at line {line} with a different WSK_INSPECT_ID pointer than the one WskInspectEvent pended; match inspections by Key and SerialNumber, not by pointer',
  },
  quote:
    'To test for a matching inspect ID, the contents of the WSK_INSPECT_ID structures must be compared, not the pointers to the structures.',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/abort-match-by-contents/violating.jsonl',
    clean: 'traces/rules/abort-match-by-contents/clean.jsonl',
  },
}
