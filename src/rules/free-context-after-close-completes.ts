import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'free-context-after-close-completes',
  ref: 'R101',
  severity: 'error',
  kind: 'app',
  title: 'Free a socket\'s context only after its close has completed',
  description:
    'The socket context (the `context` of `WskSocket`, of `WskAccept`, or of the `WskAcceptEvent` `exit`) may still be passed to callbacks until the close of its socket completes. It fires on an `ExFreePool*` record whose `address` is that context after `WskCloseSocket` was called but before the close completed (a non-`STATUS_PENDING` return or the `IoCompletion` of the close IRP), or while the socket is still open. Fix the driver by freeing the context in (or after) the close IRP\'s completion routine.',
  messages: {
    default: 'socket context {context} is freed before the close of its socket completed (WskCloseSocket at line {line}); free it in or after the close IRP\'s IoCompletion routine',
    notClosed: 'socket context {context} is freed while its socket is still open (owned since line {line}); close the socket and wait for the close to complete first',
  },
  quote:
    'The WSK subsystem also ensures that any event callback functions in progress have returned control back to the WSK subsystem before the close operation is completed.',
  quoteSource: 'Closing a Socket',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/closing-a-socket',
  examples: {
    violating: 'traces/rules/free-context-after-close-completes/violating.jsonl',
    clean: 'traces/rules/free-context-after-close-completes/clean.jsonl',
  },
}
