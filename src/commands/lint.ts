import {Args, Flags} from '@oclif/core'
import {baselineStep} from '../cli/baseline-step.js'
import {colorWanted} from '../cli/color.js'
import {writeOutputFile} from '../cli/output-file.js'
import {ProgressLine, progressWanted} from '../cli/progress.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import {ETW_FLAGS, etwOptions, nothingMappedHints, unmappedReport} from '../cli/etw-options.js'
import {lintOptionsOf} from '../config/apply-config.js'
import {loadConfig} from '../config/load-config.js'
import {DEFAULT_FORMAT, FORMATTER_NAMES, getFormatter} from '../formatters/index.js'
import {formatFatalLine} from '../formatters/stylish.js'
import {DEFAULT_LINT_OPTIONS} from '../lint/lint-options.js'
import {lintPaths} from '../lint/lint-paths.js'
import {errorsOnly, exitCodeOf} from '../lint/lint-report.js'
import {parseShard} from '../lint/shard.js'

const dispatchBudget = Flags.custom<number>({
  parse: async (input) => {
    const value = Number(input)
    if (input.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`expected a positive number of microseconds, got '${input}'`)
    }
    return value
  },
})

const shardFlag = Flags.custom({
  parse: async (input: string) => parseShard(input),
})

export default class Lint extends WsktraceCommand {
  static override summary = 'Replay WSK accept-session traces and report contract violations.'

  static override description = `Replays every trace through the reference state machines of the WSK accept contract and reports each violation, like a linter.

Paths may be trace files (any extension), folders (searched recursively for *.jsonl, *.ndjson, *.jsonl.gz, *.ndjson.gz, skipping node_modules and dot-folders), glob patterns, or - for standard input.

Configuration: wsktrace.config.json in the working directory or the nearest folder above it (or --config FILE): rule levels, the dispatch budget, the end-of-trace policy, default mapping files, ignore globs. \`wsktrace rules\` shows what is in effect.

Exit codes: 0 no errors (warnings within --max-warnings, infos never count); 1 errors, or more warnings than --max-warnings; 2 usage error, a configuration or baseline file that is not valid, or a path that matched nothing or could not be read (every other file is still linted and reported).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> traces/',
    '<%= config.bin %> <%= command.id %> "captures/**/*.jsonl" --max-warnings 0',
    '<%= config.bin %> <%= command.id %> session.jsonl --format json --output-file report.json',
    'cat session.jsonl | <%= config.bin %> <%= command.id %> -',
    '<%= config.bin %> <%= command.id %> traces/ --baseline wsktrace-baseline.json',
    '<%= config.bin %> <%= command.id %> traces/ --shard 2/3 --format json -o shard-2.json',
    '<%= config.bin %> <%= command.id %> capture.xml capture.txt --unmapped',
    '<%= config.bin %> <%= command.id %> capture.csv --mapping docs/mapping-tracerpt-csv-template.json',
  ]

  static override strict = false

  static override args = {
    paths: Args.string({
      description: 'trace files, folders or globs; - reads standard input',
      required: true,
      multiple: true,
      ignoreStdin: true,
    }),
  }

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format',
      options: [...FORMATTER_NAMES],
      default: DEFAULT_FORMAT,
    }),
    'output-file': Flags.string({
      char: 'o',
      description: 'write the report to this file instead of standard output',
    }),
    'max-warnings': Flags.integer({
      description: 'number of warnings that still exits 0 (-1: unlimited)',
      min: -1,
      default: -1,
    }),
    quiet: Flags.boolean({
      description: 'report errors only: warnings and infos leave the output and the counts',
      default: false,
    }),
    'dispatch-budget': dispatchBudget({
      description: `longest a callback may run at DISPATCH_LEVEL, in microseconds (default: the configuration's dispatchBudgetUs, else ${DEFAULT_LINT_OPTIONS.dispatchBudgetUs})`,
    }),
    config: Flags.string({
      char: 'c',
      description: 'configuration file (default: wsktrace.config.json in the working directory or the nearest folder above)',
    }),
    baseline: Flags.string({
      description: 'suppress the findings recorded in this baseline file (by rule and fingerprint, up to each entry\'s count)',
    }),
    'write-baseline': Flags.string({
      description: 'record the current findings in this baseline file (and report none of them)',
    }),
    jobs: Flags.integer({
      char: 'j',
      description: 'files linted at once, each in a worker thread (default: the number of cores, or 1 when the input is under 32 MiB; 1 lints in the main thread)',
      min: 1,
    }),
    shard: shardFlag({
      description: 'lint only the K-th of N deterministic slices of the files (K/N, e.g. 2/3); `wsktrace merge` combines the reports',
    }),
    ...ETW_FLAGS,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Lint)
    const patterns = argv as string[]
    const cwd = process.cwd()
    const formatter = getFormatter(flags.format)
    if (!formatter) throw new Error(`unknown format '${flags.format}' (one of: ${FORMATTER_NAMES.join(', ')})`)

    if (flags.shard !== undefined && flags['write-baseline'] !== undefined) {
      throw new Error('--write-baseline records the whole input set, not one --shard: run it without --shard, or on `wsktrace merge` of all the shards')
    }
    const config = await loadConfig(cwd, flags.config)
    const progress = progressWanted(process.stderr) ? new ProgressLine(process.stderr) : undefined
    let report = await lintPaths(patterns, {
      cwd,
      ...lintOptionsOf(config, flags['dispatch-budget']),
      ...(await etwOptions(flags, config.mappings, cwd)),
      jobs: flags.jobs ?? 'auto',
      ...(flags.shard !== undefined ? {shard: flags.shard} : {}),
      ...(config.ignore.length > 0 ? {ignore: {patterns: config.ignore, base: config.base}} : {}),
      ruleLevels: config.rules,
      ...(progress !== undefined ? {progress} : {}),
    })
    const baselined = await baselineStep(report, {baseline: flags.baseline, writeBaseline: flags['write-baseline'], partial: (flags.shard?.count ?? 1) > 1}, cwd)
    report = baselined.report
    if (flags.quiet) report = errorsOnly(report)

    const outputFile = flags['output-file']
    const text = formatter(report, {color: outputFile === undefined && colorWanted(process.stdout), cwd})
    if (outputFile === undefined) {
      process.stdout.write(text)
    } else {
      await writeOutputFile(outputFile, text, cwd)
    }

    // Fatal errors are in every report; when the report is not stylish text on stdout, say them on stderr too.
    if (outputFile !== undefined || flags.format !== 'stylish') {
      for (const fatal of report.fatalErrors) process.stderr.write(`${formatFatalLine(fatal, cwd)}\n`)
    }
    for (const note of baselined.notes) process.stderr.write(`${note}\n`)
    process.stderr.write(flags.unmapped ? unmappedReport(report, cwd) : nothingMappedHints(report, cwd))

    const maxWarnings = flags['max-warnings']
    if (report.errorCount === 0 && maxWarnings >= 0 && report.warningCount > maxWarnings) {
      process.stderr.write(`wsktrace lint: too many warnings (${report.warningCount}, maximum: ${maxWarnings})\n`)
    }
    process.exitCode = exitCodeOf(report, maxWarnings)
  }
}
