import {readdir, realpath, stat} from 'node:fs/promises'
import path from 'node:path'
import {availableParallelism} from 'node:os'
import picomatch from 'picomatch'
import {glob, isDynamicPattern} from 'tinyglobby'
import {applyRuleLevels} from '../config/apply-config.js'
import type {RuleLevel} from '../config/config.js'
import type {FatalFileError, FileResult} from '../findings/finding.js'
import {internalErrorResult} from './internal-error-result.js'
import {lintFile} from './lint-file.js'
import {DEFAULT_LINT_OPTIONS, type LintOptions} from './lint-options.js'
import {buildReport, type LintReport} from './lint-report.js'
import {inShard, type Shard} from './shard.js'
import {lintInWorkers, workersAvailable} from './worker-pool.js'

/** The path that means standard input. */
export const STDIN_PATH = '-'

/**
 * The glob a user typed, as tinyglobby reads it. On Windows a backslash is the path separator
 * users type (cmd.exe expands no wildcards, so `captures\\*.jsonl` reaches us as is), while globs
 * take `/` and read `\\` as an escape: there, backslashes become slashes.
 */
export function globPatternFor(pattern: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? pattern.replaceAll('\\', '/') : pattern
}

/** File names a folder or a bare-wildcard glob picks up. A file named explicitly is linted whatever its name. */
export const TRACE_FILE_SUFFIXES: readonly string[] = ['.jsonl', '.ndjson', '.jsonl.gz', '.ndjson.gz']

/** Folders never entered when a folder is expanded: `node_modules` and every dot-folder (`.git`, …). */
function isSkippedDir(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.')
}

export function isTraceFileName(name: string): boolean {
  const lower = name.toLowerCase()
  return TRACE_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix))
}

export interface ExpandedPaths {
  /** Absolute paths (or `-` for stdin), sorted; a file reached by several paths (symlinks) appears once. */
  files: string[]
  /** One per pattern that matched nothing or could not be read. */
  errors: FatalFileError[]
}

function messageOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return 'no such file or directory'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOTDIR') return 'not a directory'
  return error instanceof Error ? error.message : String(error)
}

/**
 * Every trace file under `dir`, recursively, skipping `node_modules` and dot-folders. Symlinks are
 * followed; a folder already visited (by its real path) is not entered again, so link cycles end.
 */
async function walk(dir: string, out: string[], visited: Set<string>, errors: FatalFileError[]): Promise<void> {
  const real = await realpath(dir)
  if (visited.has(real)) return
  visited.add(real)
  const entries = await readdir(dir, {withFileTypes: true})
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    let isDir = entry.isDirectory()
    let isFile = entry.isFile()
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined) // a dangling link is no file
      isDir = target?.isDirectory() ?? false
      isFile = target?.isFile() ?? false
    }
    if (isDir && !isSkippedDir(entry.name)) {
      // An unreadable sub-folder is reported; its siblings are still searched.
      await walk(full, out, visited, errors).catch((error: unknown) => errors.push({file: full, message: messageOf(error)}))
    }
    else if (isFile && isTraceFileName(entry.name)) out.push(full)
  }
}

/** One path per file: of the paths that lead to the same file (through symlinks), the first in order. */
async function uniqueFiles(paths: Iterable<string>): Promise<string[]> {
  const byReal = new Map<string, string>()
  for (const file of [...new Set(paths)].sort(comparePaths)) {
    const key = file === STDIN_PATH ? file : await realpath(file).catch(() => file)
    if (!byReal.has(key)) byReal.set(key, file)
  }
  return [...byReal.values()]
}

/** The configuration's `ignore` globs and the folder they are relative to. */
export interface IgnoreOptions {
  patterns: readonly string[]
  base: string
}

/**
 * Whether a file found by expanding a folder or a glob is left out: its path relative to `base`
 * (`/` separators) matches one of the globs (picomatch, dot-files included). Files outside
 * `base` are never ignored.
 */
function ignoreMatcher(ignore: IgnoreOptions | undefined): (file: string) => boolean {
  if (ignore === undefined || ignore.patterns.length === 0) return () => false
  const isMatch = picomatch([...ignore.patterns], {dot: true})
  return (file) => {
    const relative = path.relative(ignore.base, file)
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false
    return isMatch(relative.split(path.sep).join('/'))
  }
}

/**
 * Turns command-line patterns into the list of trace files to lint.
 *
 * - `-` is standard input.
 * - An existing file is taken as is, whatever its extension.
 * - An existing folder is searched recursively for `*.jsonl`, `*.ndjson`, `*.jsonl.gz`, `*.ndjson.gz`
 *   (not in `node_modules` or dot-folders).
 * - Anything else with glob syntax is a glob relative to `cwd`; when its last segment names no
 *   extension (`traces/**`, `traces/*`) only trace files are kept.
 * - A pattern that yields no file is a `FatalFileError`; the other patterns are still expanded.
 * - Files a folder or a glob yields are left out when they match an `ignore` glob (a file named
 *   as such is linted anyway); a pattern whose every file is ignored is a `FatalFileError`.
 */
export async function expandPaths(patterns: readonly string[], cwd: string = process.cwd(), ignore?: IgnoreOptions): Promise<ExpandedPaths> {
  const files = new Set<string>()
  const errors: FatalFileError[] = []
  const ignored = ignoreMatcher(ignore)
  for (const pattern of patterns) {
    if (pattern === STDIN_PATH) {
      files.add(STDIN_PATH)
      continue
    }
    const absolute = path.resolve(cwd, pattern)
    const info = await stat(absolute).catch((error: unknown) => error as NodeJS.ErrnoException)
    if (!(info instanceof Error)) {
      if (info.isDirectory()) {
        const found: string[] = []
        try {
          await walk(absolute, found, new Set(), errors)
        } catch (error) {
          errors.push({file: pattern, message: messageOf(error)})
          continue
        }
        const kept = found.filter((file) => !ignored(file))
        if (found.length === 0) errors.push({file: pattern, message: `no trace files match '${pattern}'`})
        else if (kept.length === 0) errors.push({file: pattern, message: `all trace files under '${pattern}' are ignored by the configuration's ignore globs`})
        for (const file of kept) files.add(file)
      } else {
        files.add(absolute)
      }
      continue
    }
    const globPattern = globPatternFor(pattern)
    if (isDynamicPattern(globPattern)) {
      const matches = (await glob(globPattern, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        expandDirectories: false,
        ignore: ['**/node_modules/**'],
      })).map((file) => path.normalize(file)) // the same spelling as files named outright, for de-duplication
      const lastSegment = pattern.split(/[\\/]/).pop() ?? ''
      const namesExtension = /\.[^*?[\]{}()!]+$/.test(lastSegment)
      const traces = namesExtension ? matches : matches.filter((file) => isTraceFileName(file))
      const kept = traces.filter((file) => !ignored(path.normalize(file)))
      if (traces.length === 0) errors.push({file: pattern, message: `no trace files match '${pattern}'`})
      else if (kept.length === 0) errors.push({file: pattern, message: `all trace files matching '${pattern}' are ignored by the configuration's ignore globs`})
      for (const file of kept) files.add(path.normalize(file))
      continue
    }
    errors.push({file: pattern, message: messageOf(info)})
  }
  return {files: await uniqueFiles(files), errors}
}

/** Plain code-unit order: stable across locales and platforms. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** What `lintPaths` tells a progress display: the number of files, then each file as it is done. */
export interface LintProgress {
  start(totalFiles: number): void
  fileDone(events: number): void
  end(): void
}

/** Options of `lintPaths`: the lint options (defaults filled in) and where relative patterns start. */
export interface LintPathsOptions extends Partial<LintOptions> {
  cwd?: string
  /**
   * Files linted at once, each in its own worker thread; 1 (the default) lints in this thread.
   * `auto`: one per core, but in this thread when the files are too small to repay starting
   * workers (see `AUTO_PARALLEL_MIN_BYTES`).
   */
  jobs?: number | 'auto'
  /** Lint only this slice of the expanded files (`--shard K/N`). */
  shard?: Shard
  /** The configuration's `ignore` globs. */
  ignore?: IgnoreOptions
  /** The configuration's rule levels, applied to each file's findings after its replay. */
  ruleLevels?: Readonly<Record<string, RuleLevel>>
  progress?: LintProgress
}

/** The number of files linted at once by default on the command line: one per core. */
export function defaultJobs(): number {
  return availableParallelism()
}

/**
 * Below this much input `jobs: 'auto'` lints in this thread. A worker costs ~100–150 ms to start
 * and load the linter (measured on the 2-core dev VM): two workers pay for that from ~0.3 s of
 * single-thread work on, ~250 k events or ~32 MiB of JSON Lines. A gzip file counts 8 times its size.
 */
export const AUTO_PARALLEL_MIN_BYTES = 32 * 1024 * 1024

async function inputBytes(files: readonly string[]): Promise<number> {
  let total = 0
  for (const file of files) {
    if (file === STDIN_PATH) continue
    const size = (await stat(file).catch(() => undefined))?.size ?? 0
    total += file.toLowerCase().endsWith('.gz') ? size * 8 : size
    if (total >= AUTO_PARALLEL_MIN_BYTES) break
  }
  return total
}

/** The number of workers for `jobs`: `auto` is one per core when the input is big enough, else 1. */
async function resolveJobs(jobs: number | 'auto', files: readonly string[]): Promise<number> {
  if (jobs !== 'auto') return jobs
  const cores = defaultJobs()
  return cores > 1 && files.length > 1 && (await inputBytes(files)) >= AUTO_PARALLEL_MIN_BYTES ? cores : 1
}

async function lintHere(file: string, options: LintOptions): Promise<FileResult> {
  try {
    return await lintFile(file, options)
  } catch (error) {
    // lintFile promises not to throw; should it do so anyway, only this file fails.
    return internalErrorResult(file, error)
  }
}

/**
 * The one place files are dispatched to `lintFile`: in this thread one after the other, or in
 * `jobs` worker threads (standard input is always read here). The contract is the same either
 * way: results in the order of `files`, one per file, never a throw.
 */
async function dispatch(files: readonly string[], options: LintOptions, jobs: number, progress?: LintProgress): Promise<FileResult[]> {
  const done = (result: FileResult): FileResult => {
    progress?.fileDone(result.events)
    return result
  }
  const pooled = jobs > 1 && workersAvailable() ? files.filter((file) => file !== STDIN_PATH) : []
  if (pooled.length < 2) {
    const results: FileResult[] = []
    for (const file of files) results.push(done(await lintHere(file, options)))
    return results
  }
  if (!files.includes(STDIN_PATH)) return lintInWorkers(pooled, options, jobs, done)
  const [here, fromWorkers] = await Promise.all([lintHere(STDIN_PATH, options).then(done), lintInWorkers(pooled, options, jobs, done)])
  return [here, ...fromWorkers] // '-' sorts before any path, as in expandPaths
}

/** Expands `patterns` and lints every file; a file that fails does not stop the others. */
export async function lintPaths(patterns: readonly string[], options: LintPathsOptions = {}): Promise<LintReport> {
  const {cwd = process.cwd(), jobs = 1, shard, ignore, ruleLevels, progress, ...rest} = options
  const lintOptions: LintOptions = {...DEFAULT_LINT_OPTIONS, ...stripUndefined(rest)}
  const expanded = await expandPaths(patterns, cwd, ignore)
  const files = shard === undefined ? expanded.files : expanded.files.filter((file) => inShard(file, cwd, shard))
  progress?.start(files.length)
  let results: FileResult[]
  try {
    results = await dispatch(files, lintOptions, await resolveJobs(jobs, files), progress)
  } finally {
    progress?.end()
  }
  if (ruleLevels !== undefined && Object.keys(ruleLevels).length > 0) results = results.map((result) => applyRuleLevels(result, ruleLevels))
  return buildReport(results, expanded.errors)
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
