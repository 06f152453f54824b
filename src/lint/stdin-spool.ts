/**
 * Standard input read once, and kept: witnesses are described after the replay by re-reading the
 * lines they name (see findings/witness-resolver.ts), which a pipe cannot do. So stdin streams
 * through a temporary file as it is read (constant memory; disk use = the input's size), and the
 * spool is deleted when the file's lint is done.
 */
import {createWriteStream} from 'node:fs'
import {rm} from 'node:fs/promises'
import {once} from 'node:events'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {randomBytes} from 'node:crypto'

export interface StdinSpool {
  /** The bytes of stdin, each chunk written to the spool before it is yielded. */
  chunks: AsyncIterable<Buffer>
  /** The spool file (complete once `chunks` is exhausted). */
  path: string
  remove(): Promise<void>
}

export function spoolStdin(input: NodeJS.ReadableStream = process.stdin): StdinSpool {
  const path = join(tmpdir(), `wsktrace-stdin-${process.pid}-${randomBytes(4).toString('hex')}`)
  const out = createWriteStream(path)
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of input) {
        const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
        if (!out.write(buf)) await once(out, 'drain')
        yield buf
      }
    } finally {
      out.end()
      await once(out, 'close').catch(() => undefined)
    }
  }
  return {chunks: chunks(), path, remove: () => rm(path, {force: true})}
}
