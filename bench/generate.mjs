#!/usr/bin/env node
// Writes a large, clean, canonical wsk-trace JSON Lines session for the benchmark.
//
//   node bench/generate.mjs --events N --out FILE [--live L] [--threads T] [--workers W] [--seed S]
//
// One listening socket (WskSocket listen, WskBind, SO_WSK_EVENT_CALLBACK accept), then
// connections arriving over time, accepted either through WskAcceptEvent (enter/exit at
// DISPATCH_LEVEL on callback threads) or through WskAccept IRPs (IoAllocateIrp,
// IoSetCompletionRoutine, WskAccept STATUS_PENDING, IoCompletion returning
// STATUS_MORE_PROCESSING_REQUIRED, IoFreeIrp or IoReuseIrp + repost). Each accepted socket does a
// few WskReceive/WskSend with its own IRP (reused with IoReuseIrp + IoSetCompletionRoutine), then
// WskDisconnect and WskCloseSocket, each either faithful (IRP + IoCompletion) or terse (one point
// record). About --live sockets are alive at once. Callback activations of different threads
// overlap in the file (each thread keeps its own enter/exit nesting) and last < 100 µs.
// At the end everything is closed and freed, then WskDeregister.
//
// Deterministic: the same arguments give the same bytes (mulberry32 PRNG, no clock, no Map order).
// Constant memory: state is proportional to the live objects, output is streamed with backpressure.
// The total is N events or a few more (every decision's future records are counted in advance, so
// the generator stops starting new work exactly when the committed total reaches N).

import {createWriteStream, mkdirSync} from 'node:fs'
import {once} from 'node:events'
import {dirname, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

// ---- arguments ------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {events: 1_000_000, out: undefined, live: 5000, threads: 4, workers: 2, seed: 1}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    const int = (v) => {
      const n = Number(v.replace(/_/g, ''))
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${a}: not a non-negative integer: ${v}`)
      return n
    }
    switch (a) {
      case '--events': opts.events = int(next()); break
      case '--out': opts.out = next(); break
      case '--live': opts.live = Math.max(1, int(next())); break
      case '--threads': opts.threads = Math.max(1, int(next())); break
      case '--workers': opts.workers = Math.max(1, int(next())); break
      case '--seed': opts.seed = int(next()); break
      case '-h':
      case '--help':
        process.stdout.write('usage: node bench/generate.mjs --events N --out FILE [--live L] [--threads T] [--workers W] [--seed S]\n')
        process.exit(0)
        break
      default: throw new Error(`unknown argument ${a}`)
    }
  }
  if (opts.out === undefined) throw new Error('--out FILE is required')
  return opts
}

// ---- PRNG -----------------------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0
  return function rand() {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---- pointers -------------------------------------------------------------------------------

/**
 * Pointer values of one kind of object: distinct among live objects, and a released value is
 * reused later (once a few are free, a random free one is taken), as Windows' pool and lookaside
 * lists do. Memory: the free list never holds more values than were ever live at once.
 */
class PointerPool {
  constructor(prefix, rand) {
    this.prefix = prefix
    this.rand = rand
    this.free = []
    this.next = 0
  }
  alloc() {
    const free = this.free
    if (free.length > 32) {
      const i = Math.floor(this.rand() * free.length)
      const idx = free[i]
      free[i] = free[free.length - 1]
      free.pop()
      return idx
    }
    return this.next++
  }
  release(idx) {
    this.free.push(idx)
  }
  ptr(idx, offset = 0) {
    return this.prefix + (0x1000 + idx * 0x800 + offset).toString(16).padStart(8, '0')
  }
}

// ---- the session ----------------------------------------------------------------------------

const HEADER = '{"format":"wsk-trace","version":1,"timeUnit":"us","complete":true,"source":"bench/generate.mjs"}\n'
const CHUNK = 1 << 20

/** Records of one connection, by phase. */
const OP_COST = 5 // IoAllocateIrp|IoReuseIrp, IoSetCompletionRoutine, WskReceive|WskSend PENDING; IoCompletion enter, exit
const DISC_FAITHFUL = 5 // IoReuseIrp, IoSetCompletionRoutine, WskDisconnect PENDING; IoCompletion enter, exit
const DISC_TERSE = 1 // WskDisconnect point record
const CLOSE_FAITHFUL = 6 // IoReuseIrp, IoSetCompletionRoutine, WskCloseSocket PENDING; IoCompletion enter, IoFreeIrp, exit
const CLOSE_TERSE = 2 // IoFreeIrp, WskCloseSocket point record
const ACCEPT_EVENT = 2 // WskAcceptEvent enter, exit
const ACCEPT_IRP_POST = 3 // IoAllocateIrp|IoReuseIrp, IoSetCompletionRoutine, WskAccept PENDING
const ACCEPT_IRP_DONE = 3 // IoCompletion enter, IoFreeIrp, exit (the free is dropped when the IRP is kept for a repost)
const TEARDOWN = 9 // IoAllocateIrp, IoSetCompletionRoutine, WskCloseSocket PENDING, IoCompletion enter, IoFreeIrp, exit, ExFreePoolWithTag, WskReleaseProviderNPI, WskDeregister

export async function generate(opts) {
  const {events: target, live: liveTarget, threads: nThreads, workers: nWorkers} = opts
  const rand = mulberry32(opts.seed * 2654435761 + 12345)
  const sockets = new PointerPool('0xffffa001', rand) // accepted sockets
  const irps = new PointerPool('0xffffa002', rand) // every IRP
  // WSK's SOCKADDRs of a WskAcceptEvent, and the application's per-connection context, are laid
  // out with the socket index: distinct while the socket lives, reused with it.
  const addrPrefix = '0xffffa003'
  const ctxPrefix = '0xffffa004'
  const acceptCtxPrefix = '0xffffa005'
  const LISTENER = '0xffffa00000001000'
  const LISTENER_CTX = '0xffffa00000003000'
  const CLOSE_IRP = '0xffffa00000005000'

  mkdirSync(dirname(opts.out), {recursive: true})
  const out = createWriteStream(opts.out)
  let buf = ''
  let emitted = 0
  let committed = 0 // records decided but not written yet
  let now = 0

  async function flush() {
    if (buf.length === 0) return
    const ok = out.write(buf)
    buf = ''
    if (!ok) await once(out, 'drain')
  }
  function emit(line) {
    buf += line
    buf += '\n'
    emitted++
  }
  const worker = () => 4 + Math.floor(rand() * nWorkers)

  // Callback threads: each runs at most one activation at a time; its exit comes later in the file.
  const threads = []
  for (let i = 0; i < nThreads; i++) threads.push({tid: 9 + i, closeAt: -1, close: undefined})
  let openBrackets = 0
  function freeThread() {
    // A random idle callback thread, or undefined.
    const start = Math.floor(rand() * nThreads)
    for (let k = 0; k < nThreads; k++) {
      const t = threads[(start + k) % nThreads]
      if (t.close === undefined) return t
    }
    return undefined
  }
  function openBracket(t, durationUs, close) {
    t.closeAt = now + durationUs
    t.close = close
    openBrackets++
  }
  /** Emits the exits of every activation that ends at or before `upTo`, in time order. */
  function closeDue(upTo) {
    for (;;) {
      let best
      for (const t of threads) if (t.close !== undefined && t.closeAt <= upTo && (best === undefined || t.closeAt < best.closeAt)) best = t
      if (best === undefined) return
      const close = best.close
      best.close = undefined
      openBrackets--
      close(best.tid, best.closeAt)
    }
  }
  function earliestClose() {
    let m = Infinity
    for (const t of threads) if (t.close !== undefined && t.closeAt < m) m = t.closeAt
    return m
  }

  // ---- connections ----
  // ready: connections whose next step is a worker call; pending: an IRP of theirs is with WSK.
  const ready = []
  const pending = [] // connections and accept IRPs waiting for their IoCompletion
  let live = 0 // accepted sockets not yet closed (including those being offered)
  let acceptIrpsOut = 0 // WskAccept IRPs with WSK
  const idleAcceptIrps = [] // completed accept IRPs kept for a repost
  let accepting = true

  function takeRandom(arr) {
    const i = Math.floor(rand() * arr.length)
    const x = arr[i]
    arr[i] = arr[arr.length - 1]
    arr.pop()
    return x
  }

  /** Decides a new connection's whole life; its records are committed now. */
  function newConn(sockIdx, via) {
    const c = {
      kind: 'conn',
      via,
      s: sockIdx,
      sock: sockets.ptr(sockIdx),
      ctx: ctxPrefix + sockets.ptr(sockIdx).slice(10),
      irpIdx: -1,
      irp: '',
      ops: 1 + Math.floor(rand() * 6),
      discFaithful: rand() < 0.5,
      closeFaithful: rand() < 0.6,
      phase: 'ops',
      pendingWhat: '',
    }
    committed += c.ops * OP_COST + (c.discFaithful ? DISC_FAITHFUL : DISC_TERSE) + (c.closeFaithful ? CLOSE_FAITHFUL : CLOSE_TERSE)
    return c
  }

  function workerStep(c) {
    const tid = worker()
    const pre = `{"ts":${now},"tid":${tid},"irql":0,"event":`
    if (c.phase === 'ops') {
      if (c.irpIdx < 0) {
        c.irpIdx = irps.alloc()
        c.irp = irps.ptr(c.irpIdx)
        emit(`${pre}"IoAllocateIrp","irp":"${c.irp}"}`)
      } else emit(`${pre}"IoReuseIrp","irp":"${c.irp}","status":"STATUS_SUCCESS"}`)
      emit(`${pre}"IoSetCompletionRoutine","irp":"${c.irp}","context":"${c.ctx}"}`)
      const call = rand() < 0.8 ? 'WskReceive' : 'WskSend'
      emit(`${pre}"${call}","socket":"${c.sock}","irp":"${c.irp}","status":"STATUS_PENDING"}`)
      committed -= 3
      c.pendingWhat = call
      pending.push(c)
    } else if (c.phase === 'disc') {
      if (c.discFaithful) {
        emit(`${pre}"IoReuseIrp","irp":"${c.irp}","status":"STATUS_SUCCESS"}`)
        emit(`${pre}"IoSetCompletionRoutine","irp":"${c.irp}","context":"${c.ctx}"}`)
        emit(`${pre}"WskDisconnect","socket":"${c.sock}","irp":"${c.irp}","flags":0,"status":"STATUS_PENDING"}`)
        committed -= 3
        c.pendingWhat = 'WskDisconnect'
        pending.push(c)
      } else {
        emit(`${pre}"WskDisconnect","socket":"${c.sock}","flags":0,"status":"STATUS_SUCCESS"}`)
        committed -= 1
        c.phase = 'close'
        ready.push(c)
      }
    } else {
      // close
      if (c.closeFaithful) {
        emit(`${pre}"IoReuseIrp","irp":"${c.irp}","status":"STATUS_SUCCESS"}`)
        emit(`${pre}"IoSetCompletionRoutine","irp":"${c.irp}","context":"${c.ctx}"}`)
        emit(`${pre}"WskCloseSocket","socket":"${c.sock}","irp":"${c.irp}","status":"STATUS_PENDING"}`)
        committed -= 3
        c.pendingWhat = 'WskCloseSocket'
        pending.push(c)
      } else {
        emit(`${pre}"IoFreeIrp","irp":"${c.irp}"}`)
        emit(`${pre}"WskCloseSocket","socket":"${c.sock}","status":"STATUS_SUCCESS"}`)
        committed -= 2
        irps.release(c.irpIdx)
        sockets.release(c.s)
        live--
      }
    }
  }

  /** Runs the IoCompletion of a pending IRP (a connection's, or a WskAccept's) on callback thread t. */
  function completion(t, item) {
    const tid = t.tid
    const pre = `{"ts":${now},"tid":${tid},"irql":2,"event":"IoCompletion","phase":"enter","irp":"${item.irp}",`
    const dur = 1 + Math.floor(rand() * 14)
    if (item.kind === 'accept-irp') {
      // The new connection: its socket exists from this completion on.
      const c = item.conn
      emit(`${pre}"status":"STATUS_SUCCESS","information":"${c.sock}"}`)
      committed -= 1
      acceptIrpsOut--
      const freeIt = !accepting || rand() < 0.5
      if (!freeIt) committed -= 1 // no IoFreeIrp inside this completion after all
      openBracket(t, dur, (tid2, ts) => {
        if (freeIt) emit(`{"ts":${ts},"tid":${tid2},"irql":2,"event":"IoFreeIrp","irp":"${item.irp}"}`)
        emit(`{"ts":${ts},"tid":${tid2},"irql":2,"event":"IoCompletion","phase":"exit","irp":"${item.irp}","status":"STATUS_MORE_PROCESSING_REQUIRED"}`)
        committed -= freeIt ? 2 : 1
        if (freeIt) irps.release(item.irpIdx)
        else {
          idleAcceptIrps.push(item)
          committed += 1 // its eventual IoFreeIrp, unless it is reposted
        }
        ready.push(c)
      })
      return
    }
    const c = item
    const what = c.pendingWhat
    const info = what === 'WskReceive' ? 1 + Math.floor(rand() * 1460) : what === 'WskSend' ? 1460 : 0
    emit(`${pre}"status":"STATUS_SUCCESS","information":${info}}`)
    committed -= 1
    if (what === 'WskCloseSocket') {
      openBracket(t, dur, (tid2, ts) => {
        emit(`{"ts":${ts},"tid":${tid2},"irql":2,"event":"IoFreeIrp","irp":"${c.irp}"}`)
        emit(`{"ts":${ts},"tid":${tid2},"irql":2,"event":"IoCompletion","phase":"exit","irp":"${c.irp}","status":"STATUS_MORE_PROCESSING_REQUIRED"}`)
        committed -= 2
        irps.release(c.irpIdx)
        sockets.release(c.s)
        live--
      })
      return
    }
    openBracket(t, dur, (tid2, ts) => {
      emit(`{"ts":${ts},"tid":${tid2},"irql":2,"event":"IoCompletion","phase":"exit","irp":"${c.irp}","status":"STATUS_MORE_PROCESSING_REQUIRED"}`)
      committed -= 1
      if (what === 'WskDisconnect') c.phase = 'close'
      else if (--c.ops === 0) c.phase = 'disc'
      ready.push(c)
    })
  }

  /** A connection indicated to WskAcceptEvent on callback thread t. */
  function acceptEvent(t) {
    const s = sockets.alloc()
    live++
    const sock = sockets.ptr(s)
    const local = addrPrefix + sock.slice(10)
    const remote = addrPrefix + sockets.ptr(s, 0x80).slice(10)
    const reject = rand() < 0.02
    const c = reject ? undefined : newConn(s, 'event')
    committed += ACCEPT_EVENT
    emit(`{"ts":${now},"tid":${t.tid},"irql":2,"event":"WskAcceptEvent","phase":"enter","socket":"${LISTENER}","flags":"WSK_FLAG_AT_DISPATCH_LEVEL","acceptSocket":"${sock}","localAddress":"${local}","remoteAddress":"${remote}"}`)
    committed -= 1
    // Exponential-ish duration, capped well under the 100 µs budget.
    const dur = 1 + Math.min(60, Math.floor(-Math.log(1 - rand()) * 12))
    openBracket(t, dur, (tid, ts) => {
      if (reject) {
        emit(`{"ts":${ts},"tid":${tid},"irql":2,"event":"WskAcceptEvent","phase":"exit","socket":"${LISTENER}","status":"STATUS_REQUEST_NOT_ACCEPTED","context":null,"dispatch":null}`)
        sockets.release(s)
        live--
      } else {
        emit(`{"ts":${ts},"tid":${tid},"irql":2,"event":"WskAcceptEvent","phase":"exit","socket":"${LISTENER}","status":"STATUS_SUCCESS","context":null,"dispatch":null}`)
        ready.push(c)
      }
      committed -= 1
    })
  }

  /** A worker posts a WskAccept IRP (new, or a completed one reused); the connection is decided now. */
  function postAcceptIrp() {
    const pre = `{"ts":${now},"tid":${worker()},"irql":0,"event":`
    let item
    if (idleAcceptIrps.length > 0 && rand() < 0.9) {
      item = takeRandom(idleAcceptIrps)
      committed -= 1 // it will not be freed now
      emit(`${pre}"IoReuseIrp","irp":"${item.irp}","status":"STATUS_SUCCESS"}`)
    } else {
      const irpIdx = irps.alloc()
      item = {kind: 'accept-irp', irpIdx, irp: irps.ptr(irpIdx), ctx: acceptCtxPrefix + irps.ptr(irpIdx).slice(10), conn: undefined}
      emit(`${pre}"IoAllocateIrp","irp":"${item.irp}"}`)
    }
    const s = sockets.alloc()
    live++
    item.conn = newConn(s, 'irp')
    committed += ACCEPT_IRP_POST - 1 + ACCEPT_IRP_DONE
    emit(`${pre}"IoSetCompletionRoutine","irp":"${item.irp}","context":"${item.ctx}"}`)
    emit(`${pre}"WskAccept","socket":"${LISTENER}","irp":"${item.irp}","localAddress":null,"remoteAddress":null,"context":null,"dispatch":null,"status":"STATUS_PENDING"}`)
    committed -= 2
    acceptIrpsOut++
    pending.push(item)
  }

  // ---- setup ----
  buf += HEADER
  {
    const pre = `{"ts":${now},"tid":4,"irql":0,"event":`
    emit(`${pre}"ExAllocatePoolWithTag","pool":"NonPagedPoolNx","address":"${LISTENER_CTX}"}`)
    emit(`${pre}"WskRegister","status":"STATUS_SUCCESS"}`)
    emit(`${pre}"WskCaptureProviderNPI","status":"STATUS_SUCCESS"}`)
    now += 5
    emit(`{"ts":${now},"tid":4,"irql":0,"event":"WskSocket","socket":"${LISTENER}","flags":"WSK_FLAG_LISTEN_SOCKET","context":"${LISTENER_CTX}","status":"STATUS_SUCCESS"}`)
    now += 5
    emit(`{"ts":${now},"tid":4,"irql":0,"event":"WskBind","socket":"${LISTENER}","status":"STATUS_SUCCESS"}`)
    now += 1
    emit(`{"ts":${now},"tid":4,"irql":0,"event":"WskControlSocket","socket":"${LISTENER}","request":"WskSetOption","option":"SO_WSK_EVENT_CALLBACK","value":"WSK_EVENT_ACCEPT","status":"STATUS_SUCCESS"}`)
  }
  const FINAL = TEARDOWN

  // ---- main loop ----
  const MAX_ACCEPT_IRPS = 16
  for (;;) {
    now += 1 + Math.floor(rand() * 4)
    closeDue(now)
    if (buf.length >= CHUNK) await flush()

    if (accepting && emitted + committed + FINAL >= target) accepting = false
    if (!accepting) {
      // Drain: nothing new starts; kept accept IRPs are freed by a worker.
      while (idleAcceptIrps.length > 0) {
        const item = idleAcceptIrps.pop()
        emit(`{"ts":${now},"tid":${worker()},"irql":0,"event":"IoFreeIrp","irp":"${item.irp}"}`)
        committed -= 1
        irps.release(item.irpIdx)
      }
      if (ready.length === 0 && pending.length === 0 && openBrackets === 0) break
    }

    const t = freeThread()
    const wAccept = accepting ? (live < liveTarget ? 1.5 : 0.05) : 0
    const wPost = accepting && acceptIrpsOut < MAX_ACCEPT_IRPS ? wAccept * 0.4 : 0
    const wEvent = t !== undefined ? wAccept * 0.6 : 0
    const wComplete = t !== undefined && pending.length > 0 ? 1 : 0
    const wWorker = ready.length > 0 ? 1 : 0
    const total = wPost + wEvent + wComplete + wWorker
    if (total === 0) {
      // Everything waits for a running activation to return.
      const m = earliestClose()
      if (m === Infinity) throw new Error('generator stalled (bug)')
      now = Math.max(now, m)
      continue
    }
    let r = rand() * total
    if ((r -= wWorker) < 0) workerStep(takeRandom(ready))
    else if ((r -= wComplete) < 0) completion(t, takeRandom(pending))
    else if ((r -= wEvent) < 0) acceptEvent(t)
    else postAcceptIrp()
  }

  // ---- teardown: the listener is closed with an IRP of its own, then the client detaches ----
  if (live !== 0 || committed !== 0) throw new Error(`generator bookkeeping is off: live=${live} committed=${committed}`)
  {
    now += 3
    const pre = `{"ts":${now},"tid":4,"irql":0,"event":`
    emit(`${pre}"IoAllocateIrp","irp":"${CLOSE_IRP}"}`)
    emit(`${pre}"IoSetCompletionRoutine","irp":"${CLOSE_IRP}","context":"${LISTENER_CTX}"}`)
    emit(`${pre}"WskCloseSocket","socket":"${LISTENER}","irp":"${CLOSE_IRP}","status":"STATUS_PENDING"}`)
    now += 20
    const cb = `{"ts":${now},"tid":9,"irql":2,"event":`
    emit(`${cb}"IoCompletion","phase":"enter","irp":"${CLOSE_IRP}","status":"STATUS_SUCCESS","information":0}`)
    emit(`${cb}"IoFreeIrp","irp":"${CLOSE_IRP}"}`)
    emit(`{"ts":${now + 2},"tid":9,"irql":2,"event":"IoCompletion","phase":"exit","irp":"${CLOSE_IRP}","status":"STATUS_MORE_PROCESSING_REQUIRED"}`)
    now += 10
    const fin = `{"ts":${now},"tid":4,"irql":0,"event":`
    emit(`${fin}"ExFreePoolWithTag","address":"${LISTENER_CTX}"}`)
    emit(`${fin}"WskReleaseProviderNPI"}`)
    emit(`${fin}"WskDeregister"}`)
  }
  await flush()
  out.end()
  await once(out, 'finish')
  return {events: emitted, peakSocketIndex: sockets.next, peakIrpIndex: irps.next}
}

// ---- CLI ------------------------------------------------------------------------------------

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href
if (isMain) {
  let opts
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (err) {
    process.stderr.write(`generate.mjs: ${err.message}\n`)
    process.exit(2)
  }
  const t0 = process.hrtime.bigint()
  const r = await generate(opts)
  const s = Number(process.hrtime.bigint() - t0) / 1e9
  process.stderr.write(`${opts.out}: ${r.events} events, socket pointers used ${r.peakSocketIndex}, IRP pointers used ${r.peakIrpIndex}, ${s.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`)
}
