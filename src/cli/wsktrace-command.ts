import {Command, Errors} from '@oclif/core'
import {errorLine} from './error-line.js'

/**
 * Base of every wsktrace command: no stack trace ever reaches a user. Any failure, usage errors
 * included, is one line on stderr and exit code 2.
 */
export abstract class WsktraceCommand extends Command {
  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    if (error instanceof Errors.ExitError) throw error
    this.parsed = true // we did call this.parse: no UnparsedCommand warning on a usage error
    process.stderr.write(`${errorLine(this.id ?? 'wsktrace', error)}\n`)
    process.exitCode = 2
  }
}
