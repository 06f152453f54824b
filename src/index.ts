/** wsktrace's library entry: everything the CLI uses is available to programs too. */

export {lintFile} from './lint/lint-file.js'
export {DEFAULT_LINT_OPTIONS, type LintOptions} from './lint/lint-options.js'
export {expandPaths, lintPaths, isTraceFileName, TRACE_FILE_SUFFIXES, type ExpandedPaths, type LintPathsOptions} from './lint/lint-paths.js'
export {buildReport, errorsOnly, exitCodeOf, type LintReport} from './lint/lint-report.js'

export {
  DEFAULT_FORMAT,
  FORMATTERS,
  FORMATTER_NAMES,
  formatJson,
  formatStylish,
  getFormatter,
  toJsonReport,
  type Formatter,
  type FormatterContext,
  type JsonReport,
} from './formatters/index.js'

export {RULES, RULES_BY_ID, getRule} from './rules/index.js'
export type {RuleKind, RuleMeta, Severity} from './rules/rule-meta.js'

export type {FatalFileError, FileResult, Finding, FindingObject, ObjectKind, WitnessStep} from './findings/finding.js'
export * from './trace/event.js'
export {readJsonlTrace, type TraceSink} from './trace/jsonl-reader.js'
