import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-return-values',
  ref: 'R77',
  severity: 'error',
  kind: 'app',
  title: 'WskInspectEvent must return WskInspectAccept, WskInspectReject or WskInspectPend',
  description:
    'The `action` of a `WskInspectEvent` `exit` (or point) record must be `WskInspectReject` (0), `WskInspectAccept` (1) or `WskInspectPend` (2). Any other integer, such as `WskInspectMax` (3), fires; a record without `action` does not. Fix the driver by returning one of the three actions on every path of the callback.',
  messages: {
    default: 'WskInspectEvent returned {action}; return WskInspectAccept, WskInspectReject or WskInspectPend',
  },
  quote:
    'To accept the request, the socket\'s WskInspectEvent event callback function returns InspectAccept. To reject the request, the socket\'s WskInspectEvent event callback function returns InspectReject.',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/inspect-return-values/violating.jsonl',
    clean: 'traces/rules/inspect-return-values/clean.jsonl',
  },
}
