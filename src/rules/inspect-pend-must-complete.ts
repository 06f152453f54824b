import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'inspect-pend-must-complete',
  ref: 'R80',
  severity: 'error',
  kind: 'app',
  title: 'Complete every inspection you pend with WskInspectComplete',
  description:
    'A `WskInspectEvent` returning `WskInspectPend` for an `inspectId` obliges the application to call `WskInspectComplete` for the same contents (`KEY:SERIAL`) on that listener, unless a `WskAbortEvent` for it arrives first. It fires when neither happened by the end of the trace (`neverCompleted`: error when the trace proves the session ended, otherwise a warning), and as a warning when the listener was closed with the inspection still pending (`listenerClosed`; WSK drops it silently). Fix the driver by keeping pended inspections in a list and completing each one once the decision is made.',
  messages: {
    default: 'inspection {inspectId} pended at line {line} was neither completed with WskInspectComplete nor aborted {where}; call WskInspectComplete once the decision is made',
    neverCompleted: 'inspection {inspectId} pended at line {line} was neither completed with WskInspectComplete nor aborted {where}; call WskInspectComplete once the decision is made',
    listenerClosed: 'inspection {inspectId} pended at line {line} was still pending when its listener was closed; WSK drops it, but complete it with WskInspectComplete before closing the listener',
  },
  quote:
    'In this situation, a WSK application must call the WskInspectComplete function after completing the inspection process for the incoming connection request.',
  quoteSource: 'Listening for and Accepting Incoming Connections',
  url: 'https://learn.microsoft.com/windows-hardware/drivers/network/listening-for-and-accepting-incoming-connections',
  examples: {
    violating: 'traces/rules/inspect-pend-must-complete/violating.jsonl',
    clean: 'traces/rules/inspect-pend-must-complete/clean.jsonl',
  },
}
