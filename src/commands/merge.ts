import path from 'node:path'
import {Args, Flags} from '@oclif/core'
import {baselineStep, staleNotes} from '../cli/baseline-step.js'
import {colorWanted} from '../cli/color.js'
import {writeOutputFile} from '../cli/output-file.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import {FORMATTER_NAMES, getFormatter} from '../formatters/index.js'
import {formatFatalLine} from '../formatters/stylish.js'
import {errorsOnly, exitCodeOf} from '../lint/lint-report.js'
import {mergeReports, type NamedReport} from '../merge/merge-reports.js'
import {mergeSarif, sarifExitCode, type NamedSarif} from '../merge/merge-sarif.js'
import {readReport} from '../merge/read-report.js'

export default class Merge extends WsktraceCommand {
  static override summary = 'Combine the reports of the shards of one lint run (lint --shard K/N) into one.'

  static override description = `Reads JSON reports (lint --format json) or SARIF logs (lint --format sarif) and prints the report the unsharded run would have printed: results sorted by path, counts summed, a pattern that matched nothing reported once. SARIF logs become one SARIF run (the union of their artifacts and rules, their results). All inputs must be of one kind; JSON reports can be printed in any format, SARIF logs only as SARIF.

With --baseline, the baseline is applied over all shards at once (the findings a shard's own --baseline suppressed are taken back first), so counts and stale entries are exactly those of an unsharded run.

Exit codes, as lint's: 0 no errors, 1 errors (or warnings over --max-warnings), 2 a fatal error in any shard, or an input that cannot be read.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> shard-1.json shard-2.json shard-3.json',
    '<%= config.bin %> <%= command.id %> shard-*.json --format stylish --baseline wsktrace-baseline.json',
    '<%= config.bin %> <%= command.id %> shard-1.sarif shard-2.sarif -o wsktrace.sarif',
  ]

  static override strict = false

  static override args = {
    reports: Args.string({description: 'JSON reports or SARIF logs of the shards', required: true, multiple: true, ignoreStdin: true}),
  }

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format (default: the inputs\' own, json or sarif)',
      options: [...FORMATTER_NAMES],
    }),
    'output-file': Flags.string({char: 'o', description: 'write the merged report to this file instead of standard output'}),
    'max-warnings': Flags.integer({description: 'number of warnings that still exits 0 (-1: unlimited)', min: -1, default: -1}),
    quiet: Flags.boolean({description: 'report errors only (JSON reports)', default: false}),
    baseline: Flags.string({description: 'apply this baseline over all shards (JSON reports)'}),
    'write-baseline': Flags.string({description: 'record the merged findings in this baseline file (JSON reports)'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Merge)
    const cwd = process.cwd()
    // One after the other: the first input that cannot be used is the one reported, whatever the disk does.
    const inputs: Awaited<ReturnType<typeof readReport>>[] = []
    for (const name of argv as string[]) inputs.push(await readReport(path.resolve(cwd, name), name))
    const kinds = new Set(inputs.map((input) => input.kind))
    if (kinds.size > 1) throw new Error('the reports are of different kinds: merge JSON reports with JSON reports, SARIF logs with SARIF logs')
    const outputFile = flags['output-file']
    const write = async (text: string): Promise<void> => {
      if (outputFile === undefined) process.stdout.write(text)
      else await writeOutputFile(outputFile, text, cwd)
    }

    if (kinds.has('sarif')) {
      const format = flags.format ?? 'sarif'
      if (format !== 'sarif') throw new Error(`SARIF logs merge into SARIF only (--format sarif): merge the JSON reports (lint --format json) for --format ${format}`)
      for (const flag of ['baseline', 'write-baseline', 'quiet'] as const) {
        if (flags[flag]) throw new Error(`--${flag} needs JSON reports (lint --format json), not SARIF logs`)
      }
      const log = mergeSarif(inputs.filter((input): input is Extract<typeof input, {kind: 'sarif'}> => input.kind === 'sarif') satisfies NamedSarif[])
      await write(`${JSON.stringify(log)}\n`)
      process.exitCode = sarifExitCode(log, flags['max-warnings'])
      return
    }

    const named: NamedReport[] = inputs.flatMap((input) => (input.kind === 'json' ? [{name: input.name, report: input.report}] : []))
    const reapply = flags.baseline !== undefined || flags['write-baseline'] !== undefined
    let report = mergeReports(named, {restoreSuppressed: reapply})
    const baselined = await baselineStep(report, {baseline: flags.baseline, writeBaseline: flags['write-baseline']}, cwd)
    // Without --baseline, the shards' own: an entry no shard matched is stale.
    if (!reapply) baselined.notes.push(...staleNotes(report, 'baseline'))
    report = baselined.report
    if (flags.quiet) report = errorsOnly(report)
    const format = flags.format ?? 'json'
    const formatter = getFormatter(format)
    if (!formatter) throw new Error(`unknown format '${format}' (one of: ${FORMATTER_NAMES.join(', ')})`)
    await write(formatter(report, {color: outputFile === undefined && colorWanted(process.stdout), cwd}))
    if (outputFile !== undefined || format !== 'stylish') {
      for (const fatal of report.fatalErrors) process.stderr.write(`${formatFatalLine(fatal, cwd)}\n`)
    }
    for (const note of baselined.notes) process.stderr.write(`${note}\n`)
    const maxWarnings = flags['max-warnings']
    if (report.errorCount === 0 && maxWarnings >= 0 && report.warningCount > maxWarnings) {
      process.stderr.write(`wsktrace merge: too many warnings (${report.warningCount}, maximum: ${maxWarnings})\n`)
    }
    process.exitCode = exitCodeOf(report, maxWarnings)
  }
}
