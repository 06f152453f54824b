/*
 * The xperf dumper reader's byte work in WebAssembly (see dumper-scan.ts, which loads it).
 *
 * JavaScript reads a dumper row in ~0.95 µs (1M-row bench): cutting ~18 cells, the key lookup,
 * three decimals, and a remembered-value lookup per payload cell, each a loop over bytes. Here
 * the cut is 16 bytes at a time (SIMD) and the lookups are plain loads and compares; what the
 * cells mean stays in TypeScript (dumper.ts, map-event.ts). The cells, keys, numbers and the
 * values the mapper makes of them are exactly those of the JavaScript byte path it replaces
 * (DumperByteRow.split, ByteCells.decimal, ByteStringTable slotOf/slotOfWhole), which the
 * property tests hold it to; only what the cell table remembers differs (its slots are keyed by
 * text and conversion kind, and a cell of blanks only takes none).
 *
 * Build: `npm run build:wasm` (clang and wasm-ld, wasm32, -msimd128); the module is committed as
 * base64 in dumper-scan-module.ts so that installing wsktrace needs no C toolchain.
 *
 * Memory is fixed (no malloc, no growth): JavaScript keeps views of these arrays.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define INPUT_BYTES (1 << 20)
/* 32 bytes of slack after each byte region: the SIMD loads may read past a text's end (cell_slot
 * reads 32 bytes from a cell's start). */
#define SLACK 32
#define MAX_CELLS 1024

/* A piece of the input (JavaScript copies each chunk in, a piece at a time), and a line that
 * crossed two pieces (copied whole). */
static uint8_t input[INPUT_BYTES + SLACK] __attribute__((aligned(16)));
static uint8_t line[INPUT_BYTES + SLACK] __attribute__((aligned(16)));
static int32_t cell_start[MAX_CELLS];
static int32_t cell_end[MAX_CELLS];

/*
 * Two tables of remembered texts. Each slot has a version that changes whenever the slot is
 * given a new text: JavaScript keeps the slot's string and converted values beside it, valid
 * while the version is the one they were made for. Versions are doubles counted from one
 * counter: exact to 2^53, so a version is never given twice (a 32-bit counter could wrap on a
 * long enough trace and let a stale value pass for a new one).
 *
 * The cell table (payload cells, untrimmed, each with the conversion kind it is read for): two
 * ways per set, both in one 64-byte line, each 30 bytes of text (zero-padded), the kind, and the
 * text's length in the way's last byte (0: never matches). The kind is part of the key because one text is
 * often read by several fields (` 0x00000000` as a status and as flags): keyed by text alone, the
 * slot's converted value flipped between them on every row (560k of 4.5M lookups reconverted on
 * the 1M-row bench). 2^15 ways: 2^14 was 7% slower and 2^16 no faster.
 */
#define CELL_SLOTS (1 << 15)
#define WAY_BYTES 32
/* A way: its text in bytes [0, WAY_TEXT), zero-padded; the kind's low byte at WAY_TEXT; the length last. */
#define WAY_TEXT (WAY_BYTES - 2)
static uint8_t cell_ways[CELL_SLOTS * WAY_BYTES + SLACK] __attribute__((aligned(64)));
static double cell_versions[CELL_SLOTS];
static uint8_t cell_recent[CELL_SLOTS / 2];

/*
 * The key table (cell 0, trimmed: event keys), two ways per set, 64 bytes of text per slot. A
 * session has ~100 keys (each DDI as Start, Stop and Info): 256 direct-mapped slots made two hot
 * keys share one on the bench, and 5% of its rows made their key's string anew.
 */
#define KEY_SET_BITS 9
#define KEY_SLOTS (2 << KEY_SET_BITS)
#define KEY_BYTES 64
static uint8_t key_bytes[KEY_SLOTS * KEY_BYTES + SLACK] __attribute__((aligned(16)));
static uint8_t key_lengths[KEY_SLOTS];
static double key_versions[KEY_SLOTS];
static uint8_t key_recent[KEY_SLOTS / 2];

static double next_version = 1;

/* Where JavaScript finds things (addresses in this module's memory). */
uint8_t *input_address(void) { return input; }
uint8_t *line_address(void) { return line; }
int32_t input_capacity(void) { return INPUT_BYTES; }
int32_t *cell_start_address(void) { return cell_start; }
int32_t *cell_end_address(void) { return cell_end; }
int32_t max_cells(void) { return MAX_CELLS; }
double *cell_versions_address(void) { return cell_versions; }
double *key_versions_address(void) { return key_versions; }
int32_t cell_slots(void) { return CELL_SLOTS; }
int32_t key_slots(void) { return KEY_SLOTS; }

/*
 * Cuts bytes [a, b) on every comma (as `text.split(',')`), into cell_start/cell_end: returns the
 * cell count, -1 when a byte is not printable ASCII (0x20-0x7e), -2 when the row has more than
 * MAX_CELLS cells. Either way the caller takes the text path.
 */
int32_t split(const uint8_t *a, const uint8_t *b) {
  const v128_t comma = wasm_i8x16_splat(',');
  const v128_t low = wasm_i8x16_splat(0x20);
  const v128_t high = wasm_i8x16_splat(0x7e);
  int32_t n = 0;
  const uint8_t *cs = a;
  const uint8_t *p = a;
  /* Bytes outside printable ASCII, gathered over the row and tested once at its end (a row with
   * one is rare: testing each block was a branch per 16 bytes). */
  v128_t bad = wasm_i8x16_splat(0);
  for (; p + 16 <= b; p += 16) {
    v128_t v = wasm_v128_load(p);
    bad = wasm_v128_or(bad, wasm_v128_or(wasm_u8x16_lt(v, low), wasm_u8x16_gt(v, high)));
    uint32_t m = wasm_i8x16_bitmask(wasm_i8x16_eq(v, comma));
    while (m != 0) {
      const uint8_t *at = p + __builtin_ctz(m);
      if (n >= MAX_CELLS - 1) return -2;
      cell_start[n] = (int32_t)(uintptr_t)cs;
      cell_end[n] = (int32_t)(uintptr_t)at;
      n++;
      cs = at + 1;
      m &= m - 1;
    }
  }
  if (wasm_v128_any_true(bad)) return -1;
  for (; p < b; p++) {
    uint8_t c = *p;
    if (c == ',') {
      if (n >= MAX_CELLS - 1) return -2;
      cell_start[n] = (int32_t)(uintptr_t)cs;
      cell_end[n] = (int32_t)(uintptr_t)p;
      n++;
      cs = p + 1;
    } else if (c < 0x20 || c > 0x7e) return -1;
  }
  cell_start[n] = (int32_t)(uintptr_t)cs;
  cell_end[n] = (int32_t)(uintptr_t)b;
  return n + 1;
}

/* Cell k as decimal digits with blanks around them → its value (exact up to 2^53), else -1. */
double decimal(int32_t k) {
  const uint8_t *i = (const uint8_t *)(uintptr_t)cell_start[k];
  const uint8_t *j = (const uint8_t *)(uintptr_t)cell_end[k];
  while (i < j && *i == ' ') i++;
  while (j > i && j[-1] == ' ') j--;
  if (i == j) return -1;
  double v = 0;
  for (; i < j; i++) {
    uint32_t d = (uint32_t)*i - '0';
    if (d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= 9007199254740991.0 ? v : -1;
}

/* s[0, n) equals the n bytes kept at k (n <= 64), 16 at a time; both may be read past n. */
static int same(const uint8_t *s, const uint8_t *k, uint32_t n) {
  uint32_t i = 0;
  for (; i + 16 <= n; i += 16) {
    if (wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(s + i), wasm_v128_load(k + i))) != 0xffff) return 0;
  }
  if (i == n) return 1;
  uint32_t rest = n - i;
  uint32_t eq = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(s + i), wasm_v128_load(k + i)));
  uint32_t want = (1u << rest) - 1;
  return (eq & want) == want;
}

static inline uint32_t load32(const uint8_t *p) {
  uint32_t w;
  __builtin_memcpy(&w, p, 4);
  return w;
}

static inline uint64_t load64(const uint8_t *p) {
  uint64_t w;
  __builtin_memcpy(&w, p, 8);
  return w;
}

/*
 * The slot of cell k's bytes (untrimmed) read for conversion `kind` (1-255) in the cell table:
 * found, or filled with them. Hashed on the length, the kind and the last 8 bytes (ids differ at
 * their end); two slots per key, a new key replaces the one used less lately. -1 for a cell of
 * nothing or blanks only (every conversion reads it as no value: nothing to remember).
 */
int32_t cell_slot(int32_t k, int32_t kind) {
  const uint8_t *s = (const uint8_t *)(uintptr_t)cell_start[k];
  const uint8_t *e = (const uint8_t *)(uintptr_t)cell_end[k];
  uint32_t n = (uint32_t)(e - s);
  if (n == 0) return -1;
  if (*s == ' ' && e[-1] == ' ') {
    const uint8_t *j = s;
    while (j < e && *j == ' ') j++;
    if (j == e) return -1;
  }
  uint32_t h = n ^ ((uint32_t)kind << 8);
  if (n >= 8) {
    h = (h ^ load32(e - 8)) * 0x9e3779b1u;
    h = (h ^ load32(e - 4)) * 0x85ebca6bu;
  } else {
    for (const uint8_t *j = s; j < e; j++) h = h * 31 + *j;
  }
  uint32_t set = (h ^ (h >> 15)) & (CELL_SLOTS / 2 - 1);
  uint32_t slot = set << 1;
  uint8_t *way = cell_ways + slot * WAY_BYTES;
  /* The way as it would be kept: the text zero-padded to 30 bytes, the kind, the length. Both
   * ways are compared whole, without a branch per byte or per way (which way holds a text is
   * data the branch predictor cannot learn: branching on it cost ~5 ns a lookup). A text longer
   * than a way never matches (its length byte is kept as 0). */
  const v128_t iota = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const v128_t length = wasm_i8x16_splat((int8_t)(n <= WAY_TEXT ? n : 0));
  v128_t lo = wasm_v128_and(wasm_v128_load(s), wasm_i8x16_gt(length, iota));
  v128_t hi = wasm_v128_and(wasm_v128_load(s + 16), wasm_i8x16_gt(length, wasm_i8x16_add(iota, wasm_i8x16_splat(16))));
  hi = wasm_i16x8_replace_lane(hi, 7, (int16_t)((kind & 0xff) | ((n <= WAY_TEXT ? n : 0) << 8)));
  v128_t eq0 = wasm_v128_and(wasm_i8x16_eq(wasm_v128_load(way), lo), wasm_i8x16_eq(wasm_v128_load(way + 16), hi));
  v128_t eq1 = wasm_v128_and(wasm_i8x16_eq(wasm_v128_load(way + 32), lo), wasm_i8x16_eq(wasm_v128_load(way + 48), hi));
  uint32_t hit0 = (uint32_t)wasm_i8x16_all_true(eq0);
  uint32_t hit1 = (uint32_t)wasm_i8x16_all_true(eq1);
  if ((hit0 | hit1) != 0 && n <= WAY_TEXT) {
    cell_recent[set] = (uint8_t)hit1;
    return (int32_t)(slot + hit1);
  }
  uint32_t w = 1 - cell_recent[set];
  uint8_t *into = way + w * WAY_BYTES;
  wasm_v128_store(into, lo);
  wasm_v128_store(into + 16, hi); /* a text too long to keep: length 0, never matches */
  cell_versions[slot + w] = next_version++;
  cell_recent[set] = (uint8_t)w;
  return (int32_t)(slot + w);
}

/* The slot of cell k trimmed of blanks in the key table (a new key replaces the one of its set
 * used less lately); -1 when the trimmed cell is empty. */
int32_t key_slot(int32_t k) {
  const uint8_t *s = (const uint8_t *)(uintptr_t)cell_start[k];
  const uint8_t *e = (const uint8_t *)(uintptr_t)cell_end[k];
  while (s < e && *s == ' ') s++;
  while (e > s && e[-1] == ' ') e--;
  uint32_t n = (uint32_t)(e - s);
  if (n == 0) return -1;
  /* Hashed on all its bytes (keys share their provider prefix and differ in the middle), 8 at a
   * time, the set taken from the hash's high bits (the best mixed). A miss costs a row read the
   * one-row way, so the keys must spread: the bench's 126 keys fill no set past its two ways but one. */
  uint64_t h = n;
  if (n >= 8) {
    const uint8_t *j = s;
    for (; j + 8 <= e; j += 8) h = (h ^ load64(j)) * 0x9e3779b97f4a7c15ull;
    if (j < e) h = (h ^ load64(e - 8)) * 0x9e3779b97f4a7c15ull;
  } else {
    for (const uint8_t *j = s; j < e; j++) h = (h ^ *j) * 0x9e3779b97f4a7c15ull;
  }
  uint32_t set = (uint32_t)(h >> (64 - KEY_SET_BITS));
  uint32_t slot = set << 1;
  if (key_lengths[slot] == n && same(s, key_bytes + slot * KEY_BYTES, n)) {
    key_recent[set] = 0;
    return (int32_t)slot;
  }
  if (key_lengths[slot + 1] == n && same(s, key_bytes + (slot + 1) * KEY_BYTES, n)) {
    key_recent[set] = 1;
    return (int32_t)slot + 1;
  }
  uint32_t w = 1 - key_recent[set];
  key_recent[set] = (uint8_t)w;
  slot += w;
  if (n <= KEY_BYTES) {
    __builtin_memcpy(key_bytes + slot * KEY_BYTES, s, n);
    key_lengths[slot] = (uint8_t)n;
  } else {
    key_lengths[slot] = 0; /* too long to keep: never matches, made anew each time */
  }
  key_versions[slot] = next_version++;
  return (int32_t)slot;
}


/*
 * ---- Rows a piece at a time ----------------------------------------------------------------
 *
 * Read one row at a time from JavaScript, a row costs a dozen calls across the boundary and as
 * many small lookups on the JavaScript side (its key's layouts, the cell count, three numbers,
 * the slot of each cell the mapper reads). Here JavaScript registers what it decided once per
 * event key (its layouts by cell count) and once per layout (where its timestamp, thread and CPU
 * are, and which payload cells its mapper reads with which conversion kind), and scan_rows
 * reads every row of a registered layout on its own, writing a record per row. A row it cannot
 * read alone (the header, the preamble, a key or cell count not registered, a timestamp or
 * thread that is no plain number, anything but printable ASCII) stops the scan: JavaScript reads
 * that row the one-row way, which decides and registers, and scans on after it.
 *
 * Registrations are per reader: JavaScript forgets them all (forget_layouts) when another file
 * takes the scanner, and the key registrations (forget_keys) whenever a layout is added.
 */
#define MAX_LAYOUTS 4096
#define MAX_FIELDS 65536
#define MAX_LAYOUT_FIELDS 256
#define LAYOUTS_PER_KEY 4
#define OUT_INTS (1 << 16)
/* A record: line (from the scan's first), layout, timestamp (low and high 32 bits), thread, CPU
 * (-1: none), the row's bytes (start, end), its cell count, its entries; then per entry the
 * cell, its slot (-1: blanks; NEW_SLOT set: given this text by this lookup), and the cell's
 * bytes (start, end). */
#define RECORD_HEAD 10
#define ENTRY_INTS 4
#define NEW_SLOT (1 << 30)

static int32_t layout_ts[MAX_LAYOUTS];
static int32_t layout_tid[MAX_LAYOUTS];
static int32_t layout_cpu[MAX_LAYOUTS];
static int32_t layout_payload[MAX_LAYOUTS];
static int32_t layout_fields[MAX_LAYOUTS];
static int32_t layout_first[MAX_LAYOUTS];
static int32_t field_pos[MAX_FIELDS];
static int32_t field_kind[MAX_FIELDS];
static int32_t fields_used;
/* Where JavaScript writes a layout's (payload position, kind) pairs before define_layout. */
static int32_t layout_stage[2 * MAX_LAYOUT_FIELDS];
/* Per key slot: the key version its registrations are for (0: none), and cell count → layout. */
static double key_registered[KEY_SLOTS];
static int32_t key_cells[KEY_SLOTS * LAYOUTS_PER_KEY];
static int32_t key_layout[KEY_SLOTS * LAYOUTS_PER_KEY];
static int32_t out[OUT_INTS];
/* After scan_rows: why it returned (0: every line read, 1: records full, 2: a row to read the
 * one-row way, at [start, end)), where to go on, and the lines read before that (stop row excluded). */
enum { SCAN_STATUS, SCAN_NEXT, SCAN_LINES, STOP_START, STOP_END, SCAN_STATE_INTS };
static int32_t scan_state[SCAN_STATE_INTS];

int32_t *layout_stage_address(void) { return layout_stage; }
int32_t *out_address(void) { return out; }
int32_t out_ints(void) { return OUT_INTS; }
int32_t max_layout_fields(void) { return MAX_LAYOUT_FIELDS; }
int32_t *scan_state_address(void) { return scan_state; }

void forget_keys(void) {
  for (int32_t i = 0; i < KEY_SLOTS; i++) key_registered[i] = 0;
}

void forget_layouts(void) {
  forget_keys();
  fields_used = 0;
}

/* Layout `id`: its timestamp, thread and CPU cells (-1: none), where its payload starts, and
 * its `fields` payload cells read (staged). 0 when there is no room: its rows stay one-row. */
int32_t define_layout(int32_t id, int32_t ts, int32_t tid, int32_t cpu, int32_t payload, int32_t fields) {
  if (id < 0 || id >= MAX_LAYOUTS || fields < 0 || fields > MAX_LAYOUT_FIELDS || fields_used + fields > MAX_FIELDS) return 0;
  layout_ts[id] = ts;
  layout_tid[id] = tid;
  layout_cpu[id] = cpu;
  layout_payload[id] = payload;
  layout_fields[id] = fields;
  layout_first[id] = fields_used;
  for (int32_t i = 0; i < fields; i++) {
    field_pos[fields_used + i] = layout_stage[2 * i];
    field_kind[fields_used + i] = layout_stage[2 * i + 1];
  }
  fields_used += fields;
  return 1;
}

/* Rows of `cells` cells whose key is in key slot `slot` (as it is now) are of layout `id`. */
void register_key(int32_t slot, int32_t cells, int32_t id) {
  if (slot < 0 || slot >= KEY_SLOTS) return;
  int32_t *c = key_cells + slot * LAYOUTS_PER_KEY;
  int32_t *l = key_layout + slot * LAYOUTS_PER_KEY;
  if (key_registered[slot] != key_versions[slot]) {
    for (int32_t i = 0; i < LAYOUTS_PER_KEY; i++) c[i] = 0;
    key_registered[slot] = key_versions[slot];
  }
  for (int32_t i = 0; i < LAYOUTS_PER_KEY; i++) {
    if (c[i] == 0 || c[i] == cells) {
      c[i] = cells;
      l[i] = id;
      return;
    }
  }
}

/* Cell 1 ends with `TimeStamp`: a layout line (a row's second cell is a number). */
static int layout_line(void) {
  static const uint8_t title[9] = {'T', 'i', 'm', 'e', 'S', 't', 'a', 'm', 'p'};
  const uint8_t *s = (const uint8_t *)(uintptr_t)cell_start[1];
  const uint8_t *e = (const uint8_t *)(uintptr_t)cell_end[1];
  if (e - s < 9) return 0;
  for (int i = 0; i < 9; i++)
    if (e[i - 9] != title[i]) return 0;
  return 1;
}

/* split_line's cells so far: where the open one starts, how many are cut, and whether there were
 * more than MAX_CELLS (then the line is still read to its end, to go on after it). */
struct cut {
  const uint8_t *start;
  int32_t n;
  int overflow;
};

static inline void cut_at(const uint8_t *comma, struct cut *c) {
  if (c->n >= MAX_CELLS - 1) {
    c->overflow = 1;
    return;
  }
  cell_start[c->n] = (int32_t)(uintptr_t)c->start;
  cell_end[c->n] = (int32_t)(uintptr_t)comma;
  c->n++;
  c->start = comma + 1;
}

/* The commas of the 16-byte block at p, bits of m. */
static inline void cut_commas(const uint8_t *p, uint32_t m, struct cut *c) {
  for (; m != 0; m &= m - 1) cut_at(p + __builtin_ctz(m), c);
}

/*
 * The line starting at a, cut as split cuts it (the same cells, the same -1 and -2), in one pass
 * that also finds its end, where find_newline and split made two: *end is where the row ends (its
 * '\n', or a '\r' just before it, or b) and *next where the next line starts.
 */
static int32_t split_line(const uint8_t *a, const uint8_t *b, const uint8_t **end, const uint8_t **next) {
  const v128_t comma = wasm_i8x16_splat(',');
  const v128_t newline = wasm_i8x16_splat('\n');
  const v128_t low = wasm_i8x16_splat(0x20);
  const v128_t high = wasm_i8x16_splat(0x7e);
  struct cut cut = {a, 0, 0};
  const uint8_t *p = a;
  /* Bytes outside printable ASCII: of the blocks before the last one, and of the last one (whose
   * last byte may turn out to be the '\r' of a CRLF, which is no part of the row). */
  uint32_t bad = 0;
  uint32_t last_bad = 0;
  const uint8_t *e;
  for (; p + 16 <= b; p += 16) {
    v128_t v = wasm_v128_load(p);
    uint32_t m_newline = wasm_i8x16_bitmask(wasm_i8x16_eq(v, newline));
    uint32_t m_bad = wasm_i8x16_bitmask(wasm_v128_or(wasm_u8x16_lt(v, low), wasm_u8x16_gt(v, high)));
    uint32_t m_comma = wasm_i8x16_bitmask(wasm_i8x16_eq(v, comma));
    if (m_newline != 0) {
      uint32_t at = (uint32_t)__builtin_ctz(m_newline);
      uint32_t before = (1u << at) - 1;
      m_comma &= before;
      m_bad &= before;
      e = p + at;
      *next = e + 1;
      if (e > a && e[-1] == '\r') {
        e--;
        if (at > 0) m_bad &= ~(1u << (at - 1));
        else last_bad &= ~(1u << 15);
      }
      bad |= last_bad | m_bad;
      cut_commas(p, m_comma, &cut);
      goto last_cell;
    }
    bad |= last_bad;
    last_bad = m_bad;
    cut_commas(p, m_comma, &cut);
  }
  {
    /* Fewer than 16 bytes left: byte by byte to the '\n' (or b). */
    const uint8_t *q = p;
    while (q < b && *q != '\n') q++;
    *next = q < b ? q + 1 : b;
    e = q;
    if (e > a && e[-1] == '\r') {
      e--;
      if (e < p) last_bad &= ~(1u << 15);
    }
    bad |= last_bad;
    for (const uint8_t *r = p; r < e; r++) {
      uint8_t c = *r;
      if (c == ',') {
        cut_at(r, &cut);
      } else if (c < 0x20 || c > 0x7e) {
        bad = 1;
      }
    }
  }
last_cell:
  *end = e;
  if (bad != 0) return -1;
  if (cut.overflow) return -2;
  cell_start[cut.n] = (int32_t)(uintptr_t)cut.start;
  cell_end[cut.n] = (int32_t)(uintptr_t)e;
  return cut.n + 1;
}

/* The row [a, b), cut into n cells, as a record at rec: the ints written, or -1 when it must be
 * read the one-row way. */
static int32_t read_row(const uint8_t *a, const uint8_t *b, int32_t n, int32_t *rec, int32_t line) {
  if (n < 2 || layout_line()) return -1;
  int32_t ks = key_slot(0);
  if (ks < 0 || key_registered[ks] != key_versions[ks]) return -1;
  int32_t id = -1;
  for (int32_t i = 0; i < LAYOUTS_PER_KEY; i++) {
    if (key_cells[ks * LAYOUTS_PER_KEY + i] == n) {
      id = key_layout[ks * LAYOUTS_PER_KEY + i];
      break;
    }
  }
  if (id < 0) return -1;
  double ts = decimal(layout_ts[id]);
  if (ts < 0) return -1;
  if (layout_tid[id] < 0) return -1;
  double tid = decimal(layout_tid[id]);
  if (tid < 0 || tid > 2147483647.0) return -1;
  double cpu = layout_cpu[id] >= 0 ? decimal(layout_cpu[id]) : -1;
  if (cpu > 2147483647.0) return -1;
  uint64_t t = (uint64_t)ts;
  rec[0] = line;
  rec[1] = id;
  rec[2] = (int32_t)(uint32_t)t;
  rec[3] = (int32_t)(uint32_t)(t >> 32);
  rec[4] = (int32_t)tid;
  rec[5] = (int32_t)cpu;
  rec[6] = (int32_t)(uintptr_t)a;
  rec[7] = (int32_t)(uintptr_t)b;
  rec[8] = n;
  int32_t payload = layout_payload[id];
  int32_t values = n - payload;
  int32_t *e = rec + RECORD_HEAD;
  int32_t m = 0;
  for (int32_t i = layout_first[id], end = i + layout_fields[id]; i < end; i++) {
    int32_t pos = field_pos[i];
    if (pos > values) continue;
    int32_t k = payload + pos - 1;
    double before = next_version;
    int32_t s = cell_slot(k, field_kind[i]);
    e[0] = k;
    e[1] = s < 0 ? -1 : next_version != before ? s | NEW_SLOT : s;
    e[2] = cell_start[k];
    e[3] = cell_end[k];
    e += ENTRY_INTS;
    m++;
  }
  rec[9] = m;
  return RECORD_HEAD + ENTRY_INTS * m;
}

/* Reads the lines in [a, b) (each ending with '\n', but for a last one without) into records at
 * `out`: the ints written. See scan_state for why it returned. */
int32_t scan_rows(const uint8_t *a, const uint8_t *b) {
  int32_t used = 0;
  int32_t lines = 0;
  const uint8_t *p = a;
  scan_state[SCAN_STATUS] = 0;
  while (p < b) {
    if (used + RECORD_HEAD + ENTRY_INTS * MAX_LAYOUT_FIELDS > OUT_INTS) {
      scan_state[SCAN_STATUS] = 1;
      break;
    }
    const uint8_t *end;
    const uint8_t *next;
    int32_t n = split_line(p, b, &end, &next);
    if (end == p) {
      lines++;
      p = next;
      continue;
    }
    int32_t r = read_row(p, end, n, out + used, lines);
    if (r < 0) {
      scan_state[SCAN_STATUS] = 2;
      scan_state[STOP_START] = (int32_t)(uintptr_t)p;
      scan_state[STOP_END] = (int32_t)(uintptr_t)end;
      p = next;
      break;
    }
    used += r;
    lines++;
    p = next;
  }
  scan_state[SCAN_NEXT] = (int32_t)(uintptr_t)p;
  scan_state[SCAN_LINES] = lines;
  return used;
}
