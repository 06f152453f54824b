import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-only-in-conditional-mode',
  ref: 'R28',
  severity: 'info',
  kind: 'model',
  title: 'Expect WskInspectEvent and WskAbortEvent only on a conditional-accept listener',
  description:
    'WSK raises `WskInspectEvent` and `WskAbortEvent` only on a listening socket whose `SO_CONDITIONAL_ACCEPT` was set to 1 successfully. An `enter` of either callback on a listener created in the trace without that setting is a trace inconsistency (kind model), never the application\'s fault. Check that the recorder logs `WskControlSocket` and its completion.',
  messages: {
    default: 'WSK raised the callback although SO_CONDITIONAL_ACCEPT was never enabled successfully on this listening socket; the trace is missing that record or is inconsistent',
  },
  quote:
    'For listening sockets, the WskInspectEvent and WskAbortEvent event callback functions are enabled only if the WSK application enables conditional accept mode on the socket.',
  quoteSource: 'Enabling and Disabling Event Callback Functions',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/enabling-and-disabling-event-callback-functions',
  examples: {
    violating: 'traces/rules/inspect-only-in-conditional-mode/violating.jsonl',
    clean: 'traces/rules/inspect-only-in-conditional-mode/clean.jsonl',
  },
}
