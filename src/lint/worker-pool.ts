/**
 * `--jobs N`: lints whole files in N worker threads. Each worker takes the next file when it has
 * posted the previous result, so a few big files do not leave the others idle. Results come back
 * in the order of `files` whatever the order they finish in: the output never depends on N.
 */
import {existsSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Worker} from 'node:worker_threads'
import type {FileResult} from '../findings/finding.js'
import {holdHeapGrowth} from './heap-growth.js'
import {internalErrorResult} from './internal-error-result.js'
import type {LintOptions} from './lint-options.js'
import type {LintJob} from './lint-worker.js'

const WORKER_URL = new URL('./lint-worker.js', import.meta.url)

/**
 * Whether the compiled worker entry sits next to this module (it does in dist/; run from the
 * TypeScript sources, e.g. under vitest, it does not, and the caller lints in-process).
 */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL))
}

/**
 * Lints `files` in `jobs` worker threads (at most one per file). `onResult` is called in the
 * order files finish (for progress); the returned array is in the order of `files`. Never throws
 * for a file: a worker that dies takes only the file it was on with it, and is replaced.
 */
export function lintInWorkers(files: readonly string[], options: LintOptions, jobs: number, onResult?: (result: FileResult) => void): Promise<FileResult[]> {
  const results: (FileResult | undefined)[] = new Array<FileResult | undefined>(files.length)
  let next = 0
  let done = 0
  const workers = new Set<Worker>()

  return new Promise<FileResult[]>((resolve) => {
    const finish = (index: number, result: FileResult): void => {
      if (results[index] !== undefined) return
      results[index] = result
      done++
      onResult?.(result)
      if (done === files.length) {
        for (const worker of workers) void worker.terminate()
        workers.clear()
        resolve(results as FileResult[])
      }
    }

    const start = (): void => {
      holdHeapGrowth() // one growth for every heap: see heap-growth.ts
      const worker = new Worker(WORKER_URL, {workerData: {options}})
      workers.add(worker)
      let current: LintJob | undefined
      const feed = (): void => {
        if (next < files.length) {
          current = {index: next, file: files[next]!}
          next++
          worker.postMessage(current)
        } else {
          current = undefined
          workers.delete(worker)
          void worker.terminate()
        }
      }
      worker.on('message', (message: {index: number; result: FileResult}) => {
        finish(message.index, message.result)
        feed()
      })
      // A worker that throws or exits on its own: its file fails, a new worker takes the rest.
      const lost = (reason: unknown): void => {
        if (!workers.delete(worker)) return
        if (current !== undefined) finish(current.index, internalErrorResult(current.file, reason))
        current = undefined
        if (next < files.length) start()
      }
      worker.on('error', (error) => lost(error))
      worker.on('exit', (code) => lost(new Error(`lint worker exited with code ${code}`)))
      feed()
    }

    if (files.length === 0) resolve([])
    else for (let i = 0; i < Math.min(jobs, files.length); i++) start()
  })
}
