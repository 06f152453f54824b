import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-null-id-return-reject',
  ref: 'R79',
  severity: 'warning',
  kind: 'app',
  title: 'Return WskInspectReject when WskInspectEvent gets a NULL InspectID',
  description:
    'When a `WskInspectEvent` `enter` carries `inspectId: null` there is no request to accept or to complete later, so the `exit` should return `WskInspectReject`, as Microsoft\'s sample does. It fires when that `exit` returns `WskInspectAccept` or `WskInspectPend`. Fix the driver by returning `WskInspectReject` from the broken-listener branch.',
  messages: {
    default: 'WskInspectEvent returned {action} for a NULL InspectID (there is no request to accept or complete later); return WskInspectReject and close the broken listener',
  },
  quote:
    'Return status indicating that a socket was not accepted … return InspectReject;',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/inspect-null-id-return-reject/violating.jsonl',
    clean: 'traces/rules/inspect-null-id-return-reject/clean.jsonl',
  },
}
