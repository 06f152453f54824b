import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'

/**
 * `mkdir -p` that stops at the first folder it cannot create (Node's recursive mkdir spins forever
 * on some virtual file systems, e.g. a missing folder under /proc).
 */
export async function ensureDir(dir: string): Promise<void> {
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

/** Writes a report to `outputFile` (relative to `cwd`), creating its folders; failures are one-line errors. */
export async function writeOutputFile(outputFile: string, text: string, cwd: string): Promise<void> {
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
