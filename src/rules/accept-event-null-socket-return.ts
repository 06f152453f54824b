import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-event-null-socket-return',
  ref: 'R62',
  severity: 'warning',
  kind: 'app',
  title: 'Return STATUS_REQUEST_NOT_ACCEPTED when WskAcceptEvent gets a NULL AcceptSocket',
  description:
    'When a `WskAcceptEvent` `enter` carries `acceptSocket: null` there is no socket to own, so its `exit` should return `STATUS_REQUEST_NOT_ACCEPTED`, as Microsoft\'s sample does. It fires when that `exit` returns `STATUS_SUCCESS`; no accepted socket is ever created for a NULL indication. Fix the driver by returning `STATUS_REQUEST_NOT_ACCEPTED` from the broken-listener branch.',
  messages: {
    default: 'WskAcceptEvent returned {status} for a NULL AcceptSocket (there is no socket to own); return STATUS_REQUEST_NOT_ACCEPTED and close the broken listener',
  },
  quote:
    'Return status indicating that no socket was accepted … return STATUS_REQUEST_NOT_ACCEPTED;',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/accept-event-null-socket-return/violating.jsonl',
    clean: 'traces/rules/accept-event-null-socket-return/clean.jsonl',
  },
}
