import {createHash} from 'node:crypto'
import path from 'node:path'

/** `--shard K/N`: the K-th (1-based) of N slices of the input set. */
export interface Shard {
  index: number
  count: number
}

/** Parses `K/N` (1 ≤ K ≤ N); throws an Error whose message says what is wrong. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (match === null) throw new Error(`expected K/N (e.g. 2/3), got '${text}'`)
  const index = Number(match[1])
  const count = Number(match[2])
  if (count < 1) throw new Error(`the number of shards must be at least 1, got '${text}'`)
  if (index < 1 || index > count) throw new Error(`the shard number must be between 1 and ${count}, got '${text}'`)
  return {index, count}
}

/**
 * Which slice a file belongs to: a hash of its path relative to `cwd` with `/` separators, so
 * that every job of a CI matrix (each started in the same checkout folder, wherever that is)
 * puts each file in the same slice, and slices are balanced whatever the folder layout. Standard
 * input goes to the first slice.
 */
export function shardOf(file: string, cwd: string, count: number): number {
  if (file === '-') return 1
  const relative = path.relative(cwd, file).split(path.sep).join('/')
  return (createHash('sha256').update(relative).digest().readUInt32BE(0) % count) + 1
}

export function inShard(file: string, cwd: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(file, cwd, shard.count) === shard.index
}
