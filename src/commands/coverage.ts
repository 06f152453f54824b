import {writeFile} from 'node:fs/promises'
import {ensureDir} from '../cli/output-file.js'
import {join} from 'node:path'
import {Args, Flags} from '@oclif/core'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import {expandPaths} from '../lint/lint-paths.js'
import {lintFile} from '../lint/lint-file.js'
import {ETW_FLAGS, etwOptions} from '../cli/etw-options.js'
import {lintOptionsOf} from '../config/apply-config.js'
import {loadConfig} from '../config/load-config.js'
import {coverage, formatCoverage, resetCoverage} from '../model/coverage.js'
import {MACHINES} from '../model/machines/index.js'
import {machineToDot} from '../model/dot.js'

export default class Coverage extends WsktraceCommand {
  static override summary = 'Which transitions of the reference machines a set of traces exercises.'
  static override description = `Replays the traces (like lint, one after the other) and reports, per machine, how many of its allowed transitions and of its violation rows the traces went through, and with --unused the rows they never did. --dot DIR writes each machine as Graphviz DOT with its edges weighted by use (unused edges grey).`
  static override examples = ['<%= config.bin %> <%= command.id %> traces/sessions', '<%= config.bin %> <%= command.id %> captures/ --unused --dot coverage/']
  static override strict = false
  static override args = {paths: Args.string({description: 'trace files, folders or globs', required: true, multiple: true})}
  static override flags = {
    unused: Flags.boolean({description: 'list the rows no trace exercised', default: false}),
    dot: Flags.string({description: 'write one DOT file per machine, with hit counts, into this folder'}),
    format: Flags.string({char: 'f', options: ['text', 'json'], default: 'text', description: 'output format'}),
    config: Flags.string({char: 'c', description: 'configuration file (default: wsktrace.config.json found upwards from the working folder)'}),
    ...ETW_FLAGS,
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(Coverage)
    const cwd = process.cwd()
    // The same options as lint: an export that needs a mapping is replayed the same way here.
    const config = await loadConfig(cwd, flags.config)
    const options = {...lintOptionsOf(config), ...(await etwOptions(flags, config.mappings, cwd))}
    const {files, errors} = await expandPaths(argv as string[], cwd)
    for (const e of errors) process.stderr.write(`${e.file}: fatal: ${e.message}\n`)
    resetCoverage()
    let fatal = errors.length > 0
    for (const file of files) {
      try {
        const r = await lintFile(file, options)
        if (r.fatal) {
          fatal = true
          process.stderr.write(`${file}: fatal: ${r.fatal.message}\n`)
        }
      } catch (error) {
        fatal = true // one file that fails does not stop the others
        process.stderr.write(`${file}: fatal: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
      }
    }
    const cov = coverage()
    process.stdout.write(flags.format === 'json' ? JSON.stringify({files: files.length, machines: cov}, null, 2) + '\n' : formatCoverage(cov, flags.unused))
    if (flags.dot !== undefined) {
      try {
        await ensureDir(flags.dot) // not mkdir -p: it spins on some virtual file systems (see output-file.ts)
        for (const m of MACHINES) await writeFile(join(flags.dot, `${m.def.name}.dot`), machineToDot(m, m.hits))
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        throw new Error(`cannot write DOT files into '${flags.dot}': ${code === 'ENOTDIR' ? 'not a directory' : code === 'ENOENT' ? 'no such directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error)}`)
      }
    }
    process.exitCode = fatal ? 2 : 0
  }
}
