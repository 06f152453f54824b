import {stat} from 'node:fs/promises'
import path from 'node:path'
import {CONFIG_FILE_NAME} from './config.js'

/**
 * The nearest `wsktrace.config.json`: in `cwd`, else in the closest folder above it, up to the
 * root of the file system. Undefined when there is none (every setting keeps its default).
 */
export async function findConfig(cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd)
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME)
    const info = await stat(candidate).catch(() => undefined)
    if (info?.isFile()) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
