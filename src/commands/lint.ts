import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {Args, Command, Errors, Flags} from '@oclif/core'
import {DEFAULT_FORMAT, FORMATTER_NAMES, getFormatter} from '../formatters/index.js'
import {formatFatalLine} from '../formatters/stylish.js'
import {DEFAULT_LINT_OPTIONS} from '../lint/lint-options.js'
import {lintPaths} from '../lint/lint-paths.js'
import {errorsOnly, exitCodeOf} from '../lint/lint-report.js'

/** Colour on a terminal unless NO_COLOR is set (non-empty); FORCE_COLOR=1/0 overrides the terminal test. */
function colorWanted(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false
  const force = process.env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return stream.isTTY === true
}

/** One line for any error: oclif's usage errors lose their "See more help" tail and get a pointer to --help. */
export function errorLine(command: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const isUsage = typeof (error as {parse?: unknown} | undefined)?.parse === 'object' || /^Parsing --/.test(raw)
  const lines = raw
    .replace(/\n?See more help with --help\s*$/, '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const text = lines.reduce((acc, line) => (acc === '' ? line : /[:.;]$/.test(acc) ? `${acc} ${line}` : `${acc}: ${line}`), '')
  return `wsktrace ${command}: ${text}${isUsage ? ` (see \`wsktrace ${command} --help\`)` : ''}`
}

/**
 * `mkdir -p` that stops at the first folder it cannot create (Node's recursive mkdir spins forever
 * on some virtual file systems, e.g. a missing folder under /proc).
 */
async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return
    const parent = path.dirname(dir)
    if (code !== 'ENOENT' || parent === dir) throw error
    await ensureDir(parent)
    await mkdir(dir).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again
    })
  }
}

const dispatchBudget = Flags.custom<number>({
  parse: async (input) => {
    const value = Number(input)
    if (input.trim() === '' || !Number.isFinite(value) || value <= 0) {
      throw new Error(`expected a positive number of microseconds, got '${input}'`)
    }
    return value
  },
})

export default class Lint extends Command {
  static override summary = 'Replay WSK accept-session traces and report contract violations.'

  static override description = `Replays every trace through the reference state machines of the WSK accept contract and reports each violation, like a linter.

Paths may be trace files (any extension), folders (searched recursively for *.jsonl, *.ndjson, *.jsonl.gz, *.ndjson.gz, skipping node_modules and dot-folders), glob patterns, or - for standard input.

Exit codes: 0 no errors (warnings within --max-warnings, infos never count); 1 errors, or more warnings than --max-warnings; 2 usage error, or a path that matched nothing or could not be read (every other file is still linted and reported).`

  static override examples = [
    '<%= config.bin %> <%= command.id %> traces/',
    '<%= config.bin %> <%= command.id %> "captures/**/*.jsonl" --max-warnings 0',
    '<%= config.bin %> <%= command.id %> session.jsonl --format json --output-file report.json',
    'cat session.jsonl | <%= config.bin %> <%= command.id %> -',
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
      description: 'longest a callback may run at DISPATCH_LEVEL, in microseconds',
      default: DEFAULT_LINT_OPTIONS.dispatchBudgetUs,
    }),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Lint)
    const patterns = argv as string[]
    const cwd = process.cwd()
    const formatter = getFormatter(flags.format)
    if (!formatter) throw new Error(`unknown format '${flags.format}' (one of: ${FORMATTER_NAMES.join(', ')})`)

    let report = await lintPaths(patterns, {cwd, dispatchBudgetUs: flags['dispatch-budget']})
    if (flags.quiet) report = errorsOnly(report)

    const outputFile = flags['output-file']
    const text = formatter(report, {color: outputFile === undefined && colorWanted(process.stdout), cwd})
    if (outputFile === undefined) {
      process.stdout.write(text)
    } else {
      const target = path.resolve(cwd, outputFile)
      try {
        await writeFile(target, text).catch(async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error
          await ensureDir(path.dirname(target))
          await writeFile(target, text)
        })
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        const reason =
          code === 'ENOENT' ? 'no such directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error)
        throw new Error(`cannot write '${outputFile}': ${reason}`)
      }
    }

    // Fatal errors are in every report; when the report is not stylish text on stdout, say them on stderr too.
    if (outputFile !== undefined || flags.format !== 'stylish') {
      for (const fatal of report.fatalErrors) process.stderr.write(`${formatFatalLine(fatal, cwd)}\n`)
    }

    const maxWarnings = flags['max-warnings']
    if (report.errorCount === 0 && maxWarnings >= 0 && report.warningCount > maxWarnings) {
      process.stderr.write(`wsktrace lint: too many warnings (${report.warningCount}, maximum: ${maxWarnings})\n`)
    }
    process.exitCode = exitCodeOf(report, maxWarnings)
  }

  /** No stack trace reaches a user: any failure is one line on stderr and exit code 2. */
  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    if (error instanceof Errors.ExitError) throw error
    this.parsed = true // we did call this.parse: no UnparsedCommand warning on a usage error
    process.stderr.write(`${errorLine('lint', error)}\n`)
    process.exitCode = 2
  }
}
