import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'unbalanced-activation',
  ref: '',
  severity: 'warning',
  kind: 'model',
  title: 'Every exit must close an enter on the same thread, and every enter must be closed',
  description:
    'Records with `phase` bracket an activation: an `exit` must match the innermost open `enter` of the same `event` on the same `tid`, and every `enter` must be closed by the end of the trace. An `exit` without its `enter`, or an `enter` never closed, is reported as a trace problem and never thrown; replay goes on. Check that the recorder logs both brackets (the capture may have started or stopped inside an activation).',
  messages: {
    default: 'no matching enter on this thread; the trace is missing the enter record or started inside the activation',
    exitWithoutEnter: 'no matching enter on this thread; the trace is missing the enter record or started inside the activation',
    neverReturned: 'the activation entered at line {line} never exits on its thread {where}; the trace is missing the exit record or stopped inside the activation',
  },
  quote:
    'an activation logged as a bracket: `enter` carries the inputs, `exit` the outputs and return value.',
  quoteSource: 'wsk-trace canonical format',
  url: 'https://github.com/wsktrace/wsktrace/blob/main/docs/trace-format.md',
  examples: {
    violating: 'traces/rules/unbalanced-activation/violating.jsonl',
    clean: 'traces/rules/unbalanced-activation/clean.jsonl',
  },
}
