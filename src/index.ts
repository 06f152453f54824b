/** wsktrace's library entry: everything the CLI uses is available to programs too. */

export {lintFile} from './lint/lint-file.js'
export {DEFAULT_LINT_OPTIONS, type LintOptions} from './lint/lint-options.js'
export {expandPaths, lintPaths, isTraceFileName, TRACE_FILE_SUFFIXES, type ExpandedPaths, type LintPathsOptions} from './lint/lint-paths.js'
export {buildReport, errorsOnly, exitCodeOf, type LintReport} from './lint/lint-report.js'
export {parseShard, shardOf, type Shard} from './lint/shard.js'

export {loadConfig, checkConfig, defaultConfig} from './config/load-config.js'
export {findConfig} from './config/find-config.js'
export {applyRuleLevels, leveledSeverity, lintOptionsOf} from './config/apply-config.js'
export {ConfigError} from './config/config-error.js'
export {CONFIG_FILE_NAME, type ConfigFile, type EndOfTracePolicy, type ResolvedConfig, type RuleLevel} from './config/config.js'

export {BASELINE_FILE_NAME, baselineText, readBaseline, recordBaseline, type Baseline, type BaselineEntry} from './baseline/baseline.js'
export {applyBaseline, withoutBaseline, type BaselineSummary} from './baseline/apply-baseline.js'

export {mergeReports, type NamedReport} from './merge/merge-reports.js'
export {mergeSarif, sarifExitCode, type NamedSarif} from './merge/merge-sarif.js'
export {readReport, type ReadReport} from './merge/read-report.js'

export {
  DEFAULT_FORMAT,
  FORMATTERS,
  FORMATTER_NAMES,
  formatJson,
  formatStylish,
  getFormatter,
  toJsonReport,
  formatSarif,
  toSarifLog,
  SARIF_LIMITS,
  formatJunit,
  formatGithub,
  type SarifLimits,
  type SarifLog,
  type Formatter,
  type FormatterContext,
  type JsonReport,
} from './formatters/index.js'

export {RULES, RULES_BY_ID, getRule} from './rules/index.js'
export type {RuleKind, RuleMeta, Severity} from './rules/rule-meta.js'

export type {FatalFileError, FileResult, Finding, FindingObject, ObjectKind, WitnessStep} from './findings/finding.js'
export {findingFingerprint} from './findings/fingerprint.js'
export * from './trace/event.js'
export {readJsonlTrace, type TraceSink} from './trace/jsonl-reader.js'

export {synthesize, synthHeader, type InjectionReport, type SynthResult} from './synth/synthesize.js'
export {DEFAULT_SYNTH_OPTIONS, DEFAULT_MIX, ACCEPT_MODES, parseMix, formatMix, type AcceptMix, type AcceptMode, type SynthOptions} from './synth/options.js'
export {SYNTH_FORMATS, createSynthWriter, type SynthFormat} from './synth/formats.js'
export {PLANS as INJECTION_PLANS, type InjectionPlan} from './synth/inject/plans.js'
