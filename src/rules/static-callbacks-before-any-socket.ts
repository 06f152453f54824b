import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'static-callbacks-before-any-socket',
  ref: 'R14',
  severity: 'error',
  kind: 'app',
  title: 'Issue WSK_SET_STATIC_EVENT_CALLBACKS before creating any socket, with a NULL IRP',
  description:
    'A `WskControlClient` record with `request` `WSK_SET_STATIC_EVENT_CALLBACKS` must come before every `WskSocket` record of the client and must not carry an IRP. It fires when a `WskSocket` record precedes it in the trace, or when its `irp` field is a non-NULL id; a record without `irp` is not evidence. Fix the driver by setting static event callbacks right after `WskCaptureProviderNPI`, before the first `WskSocket`, passing `Irp = NULL`.',
  messages: {
    default: 'WSK_SET_STATIC_EVENT_CALLBACKS comes after WskSocket at line {line}; set static event callbacks before creating any socket',
    irp: 'WSK_SET_STATIC_EVENT_CALLBACKS was given IRP {irp}; pass a NULL Irp for this client control operation',
  },
  quote:
    'If a WSK application uses the WSK_SET_STATIC_EVENT_CALLBACKS client control operation, it must do so before it creates any sockets. … The Irp parameter must be NULL for this client control operation.',
  quoteSource: 'WSK_SET_STATIC_EVENT_CALLBACKS',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/wsk-set-static-event-callbacks',
  examples: {
    violating: 'traces/rules/static-callbacks-before-any-socket/violating.jsonl',
    clean: 'traces/rules/static-callbacks-before-any-socket/clean.jsonl',
  },
}
