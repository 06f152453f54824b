import {Command, Errors} from '@oclif/core'
import {ConfigError} from '../config/config-error.js'
import {limitHeapGrowth} from '../lint/heap-growth.js'
import {errorLine} from './error-line.js'

/**
 * Base of every wsktrace command: no stack trace ever reaches a user. Any failure, usage errors
 * included, is one line on stderr (one per problem of a configuration file) and exit code 2.
 */
export abstract class WsktraceCommand extends Command {
  override async init(): Promise<void> {
    await super.init()
    limitHeapGrowth() // peak RSS on long traces: see heap-growth.ts
  }

  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    if (error instanceof Errors.ExitError) throw error
    this.parsed = true // we did call this.parse: no UnparsedCommand warning on a usage error
    // A configuration or baseline file with several problems: one line each.
    const problems: unknown[] = error instanceof ConfigError ? [...error.lines] : [error]
    for (const problem of problems) process.stderr.write(`${errorLine(this.id ?? 'wsktrace', problem)}\n`)
    process.exitCode = 2
  }
}
