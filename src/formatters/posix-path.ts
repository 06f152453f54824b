import path from 'node:path'
import {pathToFileURL} from 'node:url'

/** The path that means standard input (lint-paths' STDIN_PATH; repeated here so formatters need not import the linter). */
const STDIN = '-'

/**
 * A report path as CI tools want it: relative to `cwd` with `/` separators on every OS
 * (`traces/rules/x/violating.jsonl`); a path outside `cwd` stays as `path.relative` gives it
 * (`../other/a.jsonl`); undefined for standard input.
 */
export function posixRelativePath(file: string, cwd: string): string | undefined {
  if (file === STDIN) return undefined
  const relative = path.relative(cwd, path.resolve(cwd, file))
  if (relative === '') return path.basename(file)
  return path.sep === '/' ? relative : relative.split(path.sep).join('/')
}

/** Where a report path sits as a URI: relative to `%SRCROOT%` (= cwd) when inside it, else an absolute `file:` URI. */
export interface UriLocation {
  uri: string
  uriBaseId?: string
}

export const SRCROOT = '%SRCROOT%'

/** SARIF-style URI of a report path: percent-encoded segments relative to cwd, or `file:///…` outside it; undefined for stdin. */
export function fileUri(file: string, cwd: string): UriLocation | undefined {
  if (file === STDIN) return undefined
  const absolute = path.resolve(cwd, file)
  const relative = path.relative(cwd, absolute)
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return {uri: pathToFileURL(absolute).href}
  }
  return {uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT}
}

/** `file:` URI of a folder, with the trailing slash SARIF requires of a base URI. */
export function folderUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href
  return href.endsWith('/') ? href : `${href}/`
}
