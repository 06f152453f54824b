import {readdir, realpath, stat} from 'node:fs/promises'
import path from 'node:path'
import {glob, isDynamicPattern} from 'tinyglobby'
import type {FatalFileError, FileResult} from '../findings/finding.js'
import {lintFile} from './lint-file.js'
import {DEFAULT_LINT_OPTIONS, type LintOptions} from './lint-options.js'
import {buildReport, type LintReport} from './lint-report.js'

/** The path that means standard input. */
export const STDIN_PATH = '-'

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
 */
export async function expandPaths(patterns: readonly string[], cwd: string = process.cwd()): Promise<ExpandedPaths> {
  const files = new Set<string>()
  const errors: FatalFileError[] = []
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
        if (found.length === 0) errors.push({file: pattern, message: `no trace files match '${pattern}'`})
        for (const file of found) files.add(file)
      } else {
        files.add(absolute)
      }
      continue
    }
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, {
        cwd,
        absolute: true,
        onlyFiles: true,
        dot: false,
        expandDirectories: false,
        ignore: ['**/node_modules/**'],
      })
      const lastSegment = pattern.split(/[\\/]/).pop() ?? ''
      const namesExtension = /\.[^*?[\]{}()!]+$/.test(lastSegment)
      const kept = namesExtension ? matches : matches.filter((file) => isTraceFileName(file))
      if (kept.length === 0) errors.push({file: pattern, message: `no trace files match '${pattern}'`})
      for (const file of kept) files.add(path.normalize(file))
      continue
    }
    errors.push({file: pattern, message: messageOf(info)})
  }
  return {files: await uniqueFiles(files), errors}
}

/** Plain code-unit order: stable across locales and platforms. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Options of `lintPaths`: the lint options (defaults filled in) and where relative patterns start. */
export interface LintPathsOptions extends Partial<LintOptions> {
  cwd?: string
}

/**
 * The one place files are dispatched to `lintFile`. Sequential for now; a worker pool replaces the
 * loop without changing the contract: results in the order of `files`, one per file, never a throw.
 */
async function dispatch(files: readonly string[], options: LintOptions): Promise<FileResult[]> {
  const results: FileResult[] = []
  for (const file of files) {
    try {
      results.push(await lintFile(file, options))
    } catch (error) {
      // lintFile promises not to throw; should it do so anyway, only this file fails.
      results.push({
        file,
        findings: [],
        fatal: {file, message: `internal error: ${error instanceof Error ? error.message : String(error)}`},
        events: 0,
        errorCount: 0,
        warningCount: 0,
        infoCount: 0,
      })
    }
  }
  return results
}

/** Expands `patterns` and lints every file; a file that fails does not stop the others. */
export async function lintPaths(patterns: readonly string[], options: LintPathsOptions = {}): Promise<LintReport> {
  const {cwd = process.cwd(), ...rest} = options
  const lintOptions: LintOptions = {...DEFAULT_LINT_OPTIONS, ...stripUndefined(rest)}
  const {files, errors} = await expandPaths(patterns, cwd)
  const results = await dispatch(files, lintOptions)
  return buildReport(results, errors)
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
