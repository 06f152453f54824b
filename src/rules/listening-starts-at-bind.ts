import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'listening-starts-at-bind',
  ref: 'R18',
  severity: 'info',
  kind: 'model',
  title: 'Expect accept and inspect callbacks only after the listening socket is bound',
  description:
    'WSK starts listening when the bind of a listening socket completes, so a `WskAcceptEvent` or `WskInspectEvent` `enter` on a listener whose `WskBind` has not completed successfully contradicts the model. This is a trace inconsistency (kind model), never the application\'s fault; listeners adopted mid-trace are not checked. Check that the recorder logs `WskBind` and its `IoCompletion`.',
  messages: {
    default: 'WSK raised the callback before the bind of this listening socket completed successfully; the trace is missing the WskBind record or is inconsistent',
  },
  quote:
    'After a Winsock Kernel (WSK) application binds a listening socket to a local transport address, the socket begins listening for incoming connections from remote transport addresses.',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/listening-starts-at-bind/violating.jsonl',
    clean: 'traces/rules/listening-starts-at-bind/clean.jsonl',
  },
}
