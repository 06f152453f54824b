import type {RuleMeta} from './rule-meta.js'

export const meta: RuleMeta = {
  id: 'invalid-record',
  ref: '',
  severity: 'error',
  kind: 'model',
  title: 'Every trace line must be a JSON record that follows the wsk-trace schema',
  description:
    'Each non-blank line of a trace must be a JSON object that validates against the wsk-trace schema (header or event record, with `ts`, `tid` and a known `event`, and well-typed fields). A line that is not JSON, or breaks the schema, is reported with the parse or validation error and skipped; replay continues with the next line. Fix the recorder or the hand-written trace so the line is valid.',
  messages: {
    default: 'line is not a valid wsk-trace record ({reason}); the line is skipped',
    notJson: 'line is not JSON ({reason}); the line is skipped',
    schema: 'record breaks the wsk-trace schema: {reason}; the line is skipped',
  },
  quote:
    'UTF-8, one JSON object per line (`.jsonl` or `.ndjson`). Blank lines are ignored.',
  quoteSource: 'wsk-trace canonical format',
  url: 'https://github.com/wsktrace/wsktrace/blob/main/docs/trace-format.md',
  examples: {
    violating: 'traces/rules/invalid-record/violating.jsonl',
    clean: 'traces/rules/invalid-record/clean.jsonl',
  },
}
