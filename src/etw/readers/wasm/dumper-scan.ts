/**
 * The dumper byte scanner (dumper-scan.c) loaded: one instance per thread, shared by every file
 * the thread reads (its tables are keyed by content, so rows of one file never see another's
 * values; a row is cut and consumed within one synchronous call, so nothing is kept across awaits).
 *
 * Why WebAssembly here and nowhere else: the dumper's floor is V8's native `String#split`, and a
 * JavaScript byte loop cuts a 150-byte row at about that speed, leaving nothing for the mapping
 * and the replay (README, Performance). SIMD cuts it in a fraction; everything the cells mean
 * stays in TypeScript. When WebAssembly SIMD is missing (it is in every Node >= 16.4), the
 * JavaScript byte row (dumper-byte-row.ts) does the same work.
 */
import {DUMPER_SCAN_WASM} from './dumper-scan-module.js'

/** The little of the WebAssembly global this needs (the project's `lib` has no DOM types, and @types/node does not declare it). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => {exports: unknown}
}

interface Exports {
  memory: {buffer: ArrayBuffer}
  input_address(): number
  line_address(): number
  input_capacity(): number
  cell_start_address(): number
  cell_end_address(): number
  max_cells(): number
  cell_versions_address(): number
  key_versions_address(): number
  cell_slots(): number
  key_slots(): number
  /** Cuts memory [a, b) on commas: the cell count, or -1 (not printable ASCII) / -2 (too many cells). */
  split(a: number, b: number): number
  /** Cell k trimmed, as a decimal integer; -1 when it is not one. */
  decimal(k: number): number
  /** Cell k's slot in the cell table, keyed by its text and `kind` (1-255); -1 when empty or blanks only. */
  cell_slot(k: number, kind: number): number
  /** Cell k trimmed: its slot in the key table; -1 when empty. */
  key_slot(k: number): number
}

export interface DumperScan {
  readonly exports: Exports
  /** The whole memory (never grows, so views stay valid). */
  readonly bytes: Uint8Array
  /** The same memory as a Buffer, for latin1 strings of cells. */
  readonly buffer: Buffer
  readonly inputAddress: number
  readonly lineAddress: number
  /** Bytes the input and line regions hold. */
  readonly capacity: number
  readonly cellStart: Int32Array
  readonly cellEnd: Int32Array
  /** Per slot: the version of its text (a new one each time the slot is given a new text). */
  readonly cellVersions: Float64Array
  readonly keyVersions: Float64Array
}

let shared: DumperScan | null | undefined

/** The thread's scanner; undefined when this Node cannot run it (no WebAssembly SIMD). */
export function dumperScan(): DumperScan | undefined {
  if (shared === undefined) shared = load()
  return shared ?? undefined
}

function load(): DumperScan | null {
  let exports: Exports
  try {
    const module = new WebAssembly.Module(Buffer.from(DUMPER_SCAN_WASM, 'base64'))
    exports = new WebAssembly.Instance(module, {}).exports as unknown as Exports
  } catch {
    return null // the JavaScript byte row reads the same rows
  }
  const memory = exports.memory.buffer
  const cells = exports.max_cells()
  return {
    exports,
    bytes: new Uint8Array(memory),
    buffer: Buffer.from(memory),
    inputAddress: exports.input_address(),
    lineAddress: exports.line_address(),
    capacity: exports.input_capacity(),
    cellStart: new Int32Array(memory, exports.cell_start_address(), cells),
    cellEnd: new Int32Array(memory, exports.cell_end_address(), cells),
    cellVersions: new Float64Array(memory, exports.cell_versions_address(), exports.cell_slots()),
    keyVersions: new Float64Array(memory, exports.key_versions_address(), exports.key_slots()),
  }
}
