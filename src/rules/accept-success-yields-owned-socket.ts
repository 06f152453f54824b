import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'accept-success-yields-owned-socket',
  ref: 'R51',
  severity: 'error',
  kind: 'app',
  title: 'Close the socket delivered by a successful WskAccept',
  description:
    'When a `WskAccept` IRP completes with success, its `IoCompletion` `enter` carries the accepted socket in `information` (or a terse `WskAccept` record carries it in `acceptSocket`); from then on the application owns that socket and must pass it to `WskCloseSocket`. It fires when no `WskCloseSocket` names the socket by `WskDeregister` or the end of the trace (error when the trace proves the session ended, warning otherwise). Fix the driver by tracking each accepted socket and closing it on every path, including teardown.',
  messages: {
    default: 'the socket accepted through WskAccept (IRP completed at line {line}) was never closed {where}; call WskCloseSocket on it',
    leak: 'the socket accepted through WskAccept (IRP completed at line {line}) was never closed {where}; call WskCloseSocket on it',
  },
  quote:
    'In this situation, the IoStatus.Information field of the IRP contains a pointer to the socket object for the accepted socket.',
  quoteSource: 'PFN_WSK_ACCEPT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept',
  examples: {
    violating: 'traces/rules/accept-success-yields-owned-socket/violating.jsonl',
    clean: 'traces/rules/accept-success-yields-owned-socket/clean.jsonl',
  },
}
