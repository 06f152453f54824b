import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-complete-once',
  ref: 'R87',
  severity: 'error',
  kind: 'app',
  title: 'Call WskInspectComplete only once per pended request',
  description:
    'Requests are identified by the contents of `WSK_INSPECT_ID` (`inspectId` `KEY:SERIAL`) on their listener. A second `WskInspectComplete` record for the same contents after a first one fires, whatever the actions. Fix the driver by removing the request from its pending list when it completes it.',
  messages: {
    default: 'second WskInspectComplete for inspect ID {inspectId} (first at line {line}); complete each pended request exactly once',
  },
  quote:
    'The contents of the WSK_INSPECT_ID structure uniquely identify the incoming connection request.',
  quoteSource: '_WSK_INSPECT_ID (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/ns-wsk-_wsk_inspect_id',
  examples: {
    violating: 'traces/rules/inspect-complete-once/violating.jsonl',
    clean: 'traces/rules/inspect-complete-once/clean.jsonl',
  },
}
