import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'bind-before-accept',
  ref: 'R17',
  severity: 'error',
  kind: 'app',
  title: 'Bind the listening socket before calling WskAccept or WskInspectComplete',
  description:
    'A `WskAccept` or `WskInspectComplete` record on a listening socket must follow a successful `WskBind` on it (a point record with a success `status`, or the `IoCompletion` of the bind IRP with success). It fires only for listeners created in the trace, when no bind was called, the bind is still pending, or it failed. Fix the driver by binding the listener and waiting for the bind IRP to complete successfully before accepting connections.',
  messages: {
    default: 'the listening socket is not bound; call WskBind and wait for it to succeed before accepting connections',
    bindPending: 'WskBind (line {line}) has not completed yet; wait for the bind IRP to complete with success before accepting connections',
    bindFailed: 'WskBind failed with {status} at line {line}; bind the listening socket successfully before accepting connections',
  },
  quote:
    'A listening socket must be bound to a local transport address before it can accept incoming connections.',
  quoteSource: 'Binding a Socket to a Transport Address',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/binding-a-socket-to-a-transport-address',
  examples: {
    violating: 'traces/rules/bind-before-accept/violating.jsonl',
    clean: 'traces/rules/bind-before-accept/clean.jsonl',
  },
}
