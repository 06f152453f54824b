/**
 * Entry of a lint worker thread (worker-pool.ts): lints the files it is sent, one at a time,
 * and posts each FileResult back (plain data: structured clone copies it).
 */
import {parentPort, workerData} from 'node:worker_threads'
import {internalErrorResult} from './internal-error-result.js'
import {lintFile} from './lint-file.js'
import type {LintOptions} from './lint-options.js'

export interface LintJob {
  index: number
  file: string
}

const options = (workerData as {options: LintOptions}).options
const port = parentPort
if (port === null) throw new Error('lint-worker.js runs as a worker thread only')

port.on('message', (job: LintJob) => {
  lintFile(job.file, options)
    .catch((error: unknown) => internalErrorResult(job.file, error))
    .then((result) => {
      try {
        port.postMessage({index: job.index, result})
      } catch (error) {
        port.postMessage({index: job.index, result: internalErrorResult(job.file, error)}) // not cloneable: never expected
      }
    })
})
