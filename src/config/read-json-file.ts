import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {ConfigError} from './config-error.js'

/** How a file is named in messages: relative to `cwd` (`wsktrace.config.json`, `../wsktrace.config.json`). */
export function shownPath(file: string, cwd: string): string {
  return path.relative(cwd, file) || path.basename(file)
}

/** A reason a file could not be read, in a few words. */
export function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EISDIR') return 'is a directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return error instanceof Error ? error.message : String(error)
}

/** Reads and parses a JSON file; any failure is a ConfigError naming it. */
export async function readJsonFile(file: string, shown: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ConfigError([`${shown}: cannot read: ${readFailure(error)}`])
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown
  } catch (error) {
    throw new ConfigError([`${shown}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`])
  }
}
