import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'listen-functions-need-listen-socket',
  ref: 'R10',
  severity: 'error',
  kind: 'app',
  title: 'Call WskAccept and WskInspectComplete only on a listening (or bound stream) socket',
  description:
    'A `WskAccept` or `WskInspectComplete` record must name, in `socket`, a listening socket: one created by `WskSocket` with `flags` containing `WSK_FLAG_LISTEN_SOCKET` (or a bound `WSK_FLAG_STREAM_SOCKET`). It fires when the trace shows the socket was created without that flag, or that it is an accepted socket; sockets adopted mid-trace with unknown flags are never flagged. Fix the driver by passing the listening socket, not an accepted or connection socket, as `ListenSocket`.',
  messages: {
    default: 'WskAccept and WskInspectComplete need the listening socket (created with WSK_FLAG_LISTEN_SOCKET), and this socket is not one; pass the listening socket as ListenSocket',
    notListening: 'this socket was created without WSK_FLAG_LISTEN_SOCKET at line {line}; WskAccept and WskInspectComplete need the listening socket',
    acceptedSocket: 'this is an accepted socket (accepted at line {line}), not a listening socket; pass the listening socket it was accepted on',
  },
  quote:
    'A WSK application can call the WskAccept function on either a listening socket or stream socket that it previously bound to a local transport address by calling the WskBind function.',
  quoteSource: 'PFN_WSK_ACCEPT (wsk.h)',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/wsk/nc-wsk-pfn_wsk_accept',
  examples: {
    violating: 'traces/rules/listen-functions-need-listen-socket/violating.jsonl',
    clean: 'traces/rules/listen-functions-need-listen-socket/clean.jsonl',
  },
}
