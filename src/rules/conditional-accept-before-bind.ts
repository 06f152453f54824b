import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'conditional-accept-before-bind',
  ref: 'R21',
  severity: 'error',
  kind: 'app',
  title: 'Set SO_CONDITIONAL_ACCEPT before calling WskBind on the listening socket',
  description:
    'A `WskControlSocket` record with `option` `SO_CONDITIONAL_ACCEPT` (set) must come before the `WskBind` record of the same listening socket. We take the `WskBind` call, not its completion, as the point of no return (the stricter reading, since both IRPs could race). Fix the driver by setting the option right after `WskSocket` and before `WskBind`.',
  messages: {
    default: 'SO_CONDITIONAL_ACCEPT is set after WskBind was called at line {line}; set it before binding the listening socket',
  },
  quote:
    'A WSK application enables conditional accept mode on a listening socket by setting the SO_CONDITIONAL_ACCEPT socket option for the socket prior to binding the socket to a local transport address.',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/conditional-accept-before-bind/violating.jsonl',
    clean: 'traces/rules/conditional-accept-before-bind/clean.jsonl',
  },
}
