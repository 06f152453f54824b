import {createWriteStream} from 'node:fs'
import {realpath, rename, rm} from 'node:fs/promises'
import {once} from 'node:events'
import path from 'node:path'
import {Writable} from 'node:stream'
import {Args, Flags} from '@oclif/core'
import {ensureDir} from '../cli/output-file.js'
import {ETW_FLAGS, etwOptions, nothingMappedHint, summaryText} from '../cli/etw-options.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import {loadConfig} from '../config/load-config.js'
import {convertTrace} from '../etw/convert-trace.js'
import {FatalInputError} from '../trace/jsonl-reader.js'

export default class Convert extends WsktraceCommand {
  static override summary = 'Convert an ETW export (or a wsk-trace file) to canonical wsk-trace JSON Lines.'

  static override description = `Reads xperf dumper text, tracerpt XML or CSV, or a WPA CSV export (the format is detected from the first bytes, or given with --input-format), maps its events to canonical records (zero configuration for drivers that follow the TraceLogging convention of the README, else --mapping files), and writes wsk-trace JSON Lines.

Lines that are not valid records are reported on stderr as FILE:LINE: MESSAGE. Exit codes: 0 converted; 1 converted, but some lines were not valid records; 2 usage error, a bad mapping file, or an input that cannot be read as a trace.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> capture.txt -o capture.jsonl',
    '<%= config.bin %> <%= command.id %> capture.csv --mapping docs/mapping-tracerpt-csv-template.json -o capture.jsonl',
    '<%= config.bin %> <%= command.id %> capture.xml --unmapped > /dev/null',
  ]

  static override args = {
    file: Args.string({description: 'the export to convert; - reads standard input', required: true}),
  }

  static override flags = {
    'output-file': Flags.string({char: 'o', description: 'write the JSON Lines to this file instead of standard output'}),
    config: Flags.string({char: 'c', description: 'configuration file (its mappings are used after the --mapping files)'}),
    ...ETW_FLAGS,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Convert)
    const cwd = process.cwd()
    const config = await loadConfig(cwd, flags.config)
    const options = await etwOptions(flags, config.mappings, cwd)
    const shown = args.file === '-' ? 'stdin' : path.relative(cwd, args.file) || args.file
    const output = await openOutput(flags['output-file'], args.file, cwd)
    const out = output.stream
    try {
      const result = await convertTrace(args.file, out, {
        ...options,
        onInvalid: (line, message) => process.stderr.write(`${shown}:${line}: ${message}\n`),
      })
      const s = result.summary
      if (flags.unmapped) process.stderr.write(s.format === 'jsonl' ? `${shown}: wsk-trace JSON Lines: nothing to map\n` : summaryText(shown, s))
      else {
        for (const note of s.notes) process.stderr.write(`${shown}: note: ${note}\n`)
        process.stderr.write(nothingMappedHint(shown, s))
      }
      await output.commit()
      process.exitCode = result.invalid > 0 ? 1 : 0
    } catch (error) {
      await output.abort() // an existing output file is left as it was
      if (error instanceof FatalInputError) {
        process.stderr.write(`${shown}${error.line !== undefined ? `:${error.line}` : ''}: ${error.message}\n`)
        process.exitCode = 2
        return
      }
      throw error
    }
  }
}

interface Output {
  stream: Writable
  /** The conversion succeeded: the output takes its place. */
  commit(): Promise<void>
  /** It failed: nothing is left behind, and an existing output file is untouched. */
  abort(): Promise<void>
}

/**
 * Standard output, or the output file written under a temporary name beside it and renamed only
 * when the conversion succeeded: a failed read must not destroy what the file held, and the
 * output may not be the input.
 */
async function openOutput(file: string | undefined, input: string, cwd: string): Promise<Output> {
  if (file === undefined) {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        process.stdout.write(chunk, (err) => callback(err ?? null))
      },
    })
    return {stream, commit: async () => undefined, abort: async () => undefined}
  }
  const target = path.resolve(cwd, file)
  if (input !== '-' && (await samePath(target, path.resolve(cwd, input)))) throw new Error(`the output file '${file}' is the input file`)
  const temporary = `${target}.tmp-${process.pid}`
  try {
    await ensureDir(path.dirname(target))
    const stream = createWriteStream(temporary)
    await once(stream, 'open')
    return {
      stream,
      commit: () => rename(temporary, target),
      abort: async () => {
        stream.destroy()
        await rm(temporary, {force: true})
      },
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(`cannot write '${file}': ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : error instanceof Error ? error.message : String(error)}`)
  }
}

/** Both paths name the same file (through links too); false when either does not exist. */
async function samePath(a: string, b: string): Promise<boolean> {
  if (a === b) return true
  try {
    return (await realpath(a)) === (await realpath(b))
  } catch {
    return false
  }
}
