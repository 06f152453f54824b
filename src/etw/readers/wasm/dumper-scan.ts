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
  layout_stage_address(): number
  out_address(): number
  out_ints(): number
  max_layout_fields(): number
  scan_state_address(): number
  /** Drops every key's registered layouts (a layout was added). */
  forget_keys(): void
  /** Drops every registration (another file takes the scanner). */
  forget_layouts(): void
  /** Layout `id`: timestamp, thread, CPU cells (-1: none), payload start, and its cells read (staged): 0 when no room. */
  define_layout(id: number, ts: number, tid: number, cpu: number, payload: number, fields: number): number
  /** Rows of `cells` cells whose key is in key slot `slot` (as it is now) are of layout `id`. */
  register_key(slot: number, cells: number, id: number): void
  /** Reads the lines of memory [a, b) into records at `out`: the ints written (see SCAN_STATE). */
  scan_rows(a: number, b: number): number
}

/** scan_rows' record: its head's ints, an entry's, and the flag of a slot given a new text. */
export const RECORD_HEAD = 10
export const ENTRY_INTS = 4
export const NEW_SLOT = 1 << 30
/** What scan_state holds after scan_rows (indices), and its statuses. */
export const SCAN_STATUS = 0
export const SCAN_NEXT = 1
export const SCAN_LINES = 2
export const STOP_START = 3
export const STOP_END = 4
export const SCAN_DONE = 0
export const SCAN_FULL = 1
export const SCAN_STOPPED = 2

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
  /** Where a layout's (payload position, kind) pairs are written before define_layout. */
  readonly layoutStage: Int32Array
  /** scan_rows' records. */
  readonly out: Int32Array
  readonly scanState: Int32Array
  /** The reader whose layouts are registered now (registrations are per file). */
  owner: unknown
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
    layoutStage: new Int32Array(memory, exports.layout_stage_address(), 2 * exports.max_layout_fields()),
    out: new Int32Array(memory, exports.out_address(), exports.out_ints()),
    scanState: new Int32Array(memory, exports.scan_state_address(), STOP_END + 1),
    owner: undefined,
  }
}
