import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'close-all-sockets-before-detach',
  ref: 'R07',
  severity: 'error',
  kind: 'app',
  title: 'Close every listening and accepted socket before WskDeregister or unload',
  description:
    'Every socket the application came to own (a listening socket from `WskSocket`, an accepted socket from `WskAccept` or `WskAcceptEvent`) must have a `WskCloseSocket` record before `WskDeregister` returns, `DriverUnload` exits, or the trace ends. Evidence is the socket\'s creation or ownership record followed by no `WskCloseSocket`; sockets rejected from `WskAcceptEvent` with `STATUS_REQUEST_NOT_ACCEPTED` are closed by WSK and never count. When the trace does not prove the session ended (no `"complete": true`, no `WskDeregister`, no `DriverUnload` exit) or lost events, the leak is only a warning. Fix the driver by closing every socket on its teardown path before calling `WskDeregister`.',
  messages: {
    default: 'still open {where} (owned since line {line}); call WskCloseSocket on every socket before WskDeregister or DriverUnload returns',
    leak: 'never closed {where} (owned since line {line}); call WskCloseSocket on it before detaching from WSK',
  },
  quote:
    'A WSK application must close all open sockets before the application can detach itself from the WSK subsystem.',
  quoteSource: 'Closing a Socket',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/closing-a-socket',
  examples: {
    violating: 'traces/rules/close-all-sockets-before-detach/violating.jsonl',
    clean: 'traces/rules/close-all-sockets-before-detach/clean.jsonl',
  },
}
