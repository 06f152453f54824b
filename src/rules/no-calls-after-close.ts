import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'no-calls-after-close',
  ref: 'R99',
  severity: 'error',
  kind: 'app',
  title: 'Make no call on a socket after WskCloseSocket, including a second close',
  description:
    'Once a `WskCloseSocket` record names a socket, the socket is Closing whatever the close\'s status, and any later WSK call naming it in `socket` fires, a second `WskCloseSocket` included. A pointer that WSK delivers again later (a new accepted socket) starts a new generation and does not fire. Fix the driver by marking the socket closed before calling `WskCloseSocket` and checking that mark on every path.',
  messages: {
    default: 'this socket was already passed to WskCloseSocket at line {line}; make no further calls on a socket after closing it',
    secondClose: 'second WskCloseSocket on this socket (first at line {line}); close each socket exactly once, even when the first close failed',
  },
  quote:
    'After a WSK application has called WskCloseSocket, it should not make any further calls to any of the socket\'s functions.',
  quoteSource: 'Closing a Socket',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/closing-a-socket',
  examples: {
    violating: 'traces/rules/no-calls-after-close/violating.jsonl',
    clean: 'traces/rules/no-calls-after-close/clean.jsonl',
  },
}
