import {createWriteStream} from 'node:fs'
import {once} from 'node:events'
import path from 'node:path'
import type {Writable} from 'node:stream'
import {Flags} from '@oclif/core'
import {ensureDir, writeOutputFile} from '../cli/output-file.js'
import {WsktraceCommand} from '../cli/wsktrace-command.js'
import {DEFAULT_SYNTH_OPTIONS, formatMix, parseMix, type SynthOptions} from '../synth/options.js'
import {SYNTH_FORMATS, checkSynthFormat, createSynthWriter} from '../synth/formats.js'
import {synthesize, type InjectionReport} from '../synth/synthesize.js'
import {SynthBug} from '../synth/walker.js'

export default class Synth extends WsktraceCommand {
  static override summary = 'Write a synthetic WSK server session, clean or with planted violations.'

  static override description = `Generates a complete, plausible WSK accept session by walking the same transition tables lint runs: listeners set up, connections arriving over time on several callback threads, accepted through WskAcceptEvent, queued WskAccept IRPs or conditional accept, used, closed, and the session's end. Without --inject the session is clean: lint finds nothing in it. The same options give the same bytes.

--inject RULE plants one violation of each rule listed, at a random connection or point of the session, and says on standard error (or in --inject-report) where lint will report it: one JSON line per injection, {"inject":RULE,"line":N,"object":ID,...}.

Output is streamed: millions of events in constant memory.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> --connections 200 --seed 7 -o session.jsonl',
    '<%= config.bin %> <%= command.id %> --mix event:50,irp:50 --inject accept-event-reject-wsk-closes,no-calls-after-close',
    '<%= config.bin %> <%= command.id %> --events 1000000 --live 5000 --seed 1 -o bench.jsonl',
  ]

  static override flags = {
    connections: Flags.integer({description: 'connections that arrive over the session (default: 100, or no limit with --events)', min: 0}),
    events: Flags.integer({description: 'stop opening connections once about this many events are written or owed', min: 1}),
    threads: Flags.integer({description: 'callback threads (WskAcceptEvent, IoCompletion… at DISPATCH_LEVEL)', min: 1, default: DEFAULT_SYNTH_OPTIONS.threads}),
    workers: Flags.integer({description: 'worker threads (WSK calls at PASSIVE_LEVEL)', min: 1, default: DEFAULT_SYNTH_OPTIONS.workers}),
    live: Flags.integer({description: 'most connections open at once', min: 1, default: DEFAULT_SYNTH_OPTIONS.live}),
    mix: Flags.string({description: 'weights of the accept modes', default: formatMix(DEFAULT_SYNTH_OPTIONS.mix)}),
    inject: Flags.string({description: 'plant one violation of each rule (comma-separated; repeatable)', multiple: true}),
    seed: Flags.integer({description: 'PRNG seed: the same seed gives the same bytes', min: 0, default: DEFAULT_SYNTH_OPTIONS.seed}),
    format: Flags.string({char: 'f', description: 'output format', options: [...SYNTH_FORMATS], default: 'jsonl'}),
    output: Flags.string({char: 'o', description: 'write the session to this file instead of standard output'}),
    'inject-report': Flags.string({description: 'write the injections to this JSON file instead of standard error'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Synth)
    const cwd = process.cwd()
    const options: SynthOptions = {
      ...DEFAULT_SYNTH_OPTIONS,
      connections: flags.connections ?? (flags.events !== undefined ? Number.MAX_SAFE_INTEGER : DEFAULT_SYNTH_OPTIONS.connections),
      events: flags.events ?? 0,
      threads: flags.threads,
      workers: flags.workers,
      live: flags.live,
      mix: parseMix(flags.mix),
      inject: (flags.inject ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== ''),
      seed: flags.seed,
    }
    const format = checkSynthFormat(flags.format)
    const {out, close} = await openOutput(flags.output, cwd)
    let injections: InjectionReport[]
    try {
      injections = (await synthesize(options, createSynthWriter(format, out), format)).injections
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return // the reader went away (| head)
      if (error instanceof SynthBug) throw new Error(`internal error: ${error.message}`)
      throw error
    } finally {
      await close()
    }
    const report = flags['inject-report']
    if (report !== undefined) await writeOutputFile(report, JSON.stringify(injections, null, 2) + '\n', cwd)
    else for (const i of injections) process.stderr.write(JSON.stringify(i) + '\n')
  }
}

/** Standard output, or a file (its folders created). The writer ends it; close() only makes sure it is. */
async function openOutput(file: string | undefined, cwd: string): Promise<{out: Writable; close: () => Promise<void>}> {
  if (file === undefined) return {out: process.stdout, close: async () => {}}
  const target = path.resolve(cwd, file)
  await ensureDir(path.dirname(target)).catch(() => {})
  const out = createWriteStream(target)
  try {
    await once(out, 'open')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : code === 'ENOENT' ? 'no such directory' : (error as Error).message
    throw new Error(`cannot write '${file}': ${reason}`)
  }
  return {
    out,
    close: async () => {
      if (!out.writableFinished) {
        out.end()
        await once(out, 'close')
      }
    },
  }
}
