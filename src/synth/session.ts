/**
 * One synthetic session under construction: the walker (objects and their machine states), the
 * scheduler of actors, the seeded PRNG, pointer pools, threads, and the listeners the set-up
 * decided on. Actors (src/synth/actors/) read and drive it; emitters (src/synth/emit/) write its
 * records.
 */
import {WSK_FLAG_AT_DISPATCH_LEVEL} from '../trace/wsk-flags.js'
import {DISPATCH_LEVEL, PASSIVE_LEVEL} from '../trace/irql.js'
import {ACCEPT_MODES, type AcceptMode, type SynthOptions} from './options.js'
import {PointerPool, pointer} from './pointers.js'
import {Prng} from './prng.js'
import {Scheduler} from './scheduler.js'
import {Walker, type SynthObject, type Thread} from './walker.js'
import {PLANS_BY_RULE, endsAtTraceEnd, type DedicatedListener, type Injection} from './inject/plans.js'

/** Client dispatch tables: addresses in the driver's image. */
export const LISTEN_DISPATCH = '0xfffff8063a2cc020'
export const CONNECTION_DISPATCH = '0xfffff8063a2cc0a0'
export const AT_DISPATCH = WSK_FLAG_AT_DISPATCH_LEVEL

/** How a listening socket is set up, used and closed. */
export interface ListenerSetup {
  mode: AcceptMode
  create: 'terse' | 'irp'
  bind: 'terse' | 'irp' | 'inline'
  close: 'terse' | 'irp'
  /** WSK_EVENT_ACCEPT: static (client-wide), enabled after or before WskBind, never, or enabled then disabled. */
  accept: 'static' | 'after-bind' | 'before-bind' | 'none' | 'disabled'
  inherited: boolean
  conditional: boolean
  /** The target connection arrives while WskBind is pending. */
  raceBind: boolean
  /** IRP mode: a WskAccept still queued at close, cancelled by WSK. */
  spareAccept: boolean
  /** Faults of its own set-up or teardown (bind-before-accept, never closed…). */
  faults: Injection[]
  /** Serves this injection's connection only. */
  dedicatedTo: Injection | undefined
  /** Key of the WSK_INSPECT_IDs it raises, and the last serial number. */
  key: string
  serial: number
  obj: SynthObject | undefined
  ctx: SynthObject | undefined
  /** Set up and ready for connections. */
  ready: boolean
}

/** One incoming connection: how it is accepted, on which listener, and the fault it carries. */
export interface Conn {
  mode: AcceptMode
  listener: ListenerSetup
  fault: Injection | undefined
}

export class Session {
  readonly w: Walker
  readonly prng: Prng
  readonly sched: Scheduler
  readonly sockets: PointerPool
  readonly irps: PointerPool
  readonly blocks: PointerPool
  /** Buffers WSK lends to callbacks: SOCKADDRs and WSK_INSPECT_IDs. */
  readonly wskBuffers: PointerPool
  /** The application's copies of WSK_INSPECT_IDs. */
  readonly idCopies: PointerPool
  readonly kevents: PointerPool
  readonly setupThread: Thread
  readonly workers: Thread[]
  readonly callbacks: Thread[]
  readonly listeners: ListenerSetup[] = []
  readonly injections: Injection[] = []
  staticCallbacks = false
  /** The session ends with DriverUnload and WskDeregister (else the complete trace just ends). */
  deregisters = true
  /** Connections open now, opened so far, and records per finished connection (for --events). */
  open = 0
  opened = 0
  finished = 0
  finishedRecords = 0
  /** Mean gap between arrivals, and mean think time between a connection's steps (µs). */
  readonly gap = 25
  readonly thinkMean: number

  constructor(readonly opts: SynthOptions) {
    this.prng = new Prng(opts.seed)
    this.w = new Walker()
    this.sched = new Scheduler(this.w)
    const p = this.prng
    this.sockets = new PointerPool(p, 0xa00110000000, 0x800)
    this.irps = new PointerPool(p, 0xa00220000000, 0x100)
    this.blocks = new PointerPool(p, 0xa00330000000, 0x80)
    this.wskBuffers = new PointerPool(p, 0xa00440000000, 0x80)
    this.idCopies = new PointerPool(p, 0xa00550000000, 0x40)
    this.kevents = new PointerPool(p, 0xa00660000000, 0x40)
    this.setupThread = {tid: 4, cpu: 0, irql: PASSIVE_LEVEL, busy: false}
    this.workers = Array.from({length: opts.workers}, (_, i) => ({tid: 5 + i, cpu: i % 4, irql: PASSIVE_LEVEL, busy: false}))
    const first = Math.max(9, 5 + opts.workers)
    this.callbacks = Array.from({length: opts.threads}, (_, i) => ({tid: first + i, cpu: i % 4, irql: DISPATCH_LEVEL, busy: false}))
    // About `live` connections open at once: each lives ~8 steps, one arrives every `gap` µs.
    this.thinkMean = Math.max(20, Math.round((opts.live * this.gap) / 8))
    this.plan()
  }

  /** Decides the listeners and where each injection goes. */
  private plan(): void {
    const p = this.prng
    const {mix} = this.opts
    for (const mode of ACCEPT_MODES) if (mix[mode] > 0) this.addListener(mode, undefined, undefined)
    for (const rule of this.opts.inject) {
      const plan = PLANS_BY_RULE.get(rule)
      if (plan === undefined) throw new Error(`--inject: unknown rule '${rule}'`)
      // The tied wait needs a second callback thread to complete the IRP while the first waits.
      const variants = plan.variants.filter((v) => v !== 'tied' || this.callbacks.length > 1)
      const inj: Injection = {plan, rule, variant: p.pick(variants), mode: undefined, index: 0, target: undefined, line: undefined}
      this.injections.push(inj)
      switch (plan.target) {
        case 'event':
        case 'irp':
        case 'conditional':
          inj.mode = plan.target
          break
        case 'accepted':
          inj.mode = p.chance(0.5) ? 'event' : 'irp'
          break
        default:
          break
      }
      if (plan.listener !== undefined) this.addListener(plan.listener.mode, plan.listener, inj)
      else if (inj.mode !== undefined && this.listenerFor(inj.mode) === undefined) this.addListener(inj.mode, undefined, undefined)
    }
    const shared = this.listeners.filter((l) => l.dedicatedTo === undefined)
    // With --events the number of connections is not known in advance: about one per 30 records.
    const span = this.opts.events > 0 ? Math.min(this.opts.connections, Math.ceil(this.opts.events / 30)) : this.opts.connections
    for (const inj of this.injections) {
      if (inj.plan.target === 'listener') p.pick(shared).faults.push(inj)
      inj.index = p.int(0, Math.max(0, span - 1))
    }
    // Most sessions end with WskDeregister; some captures end with the driver still registered.
    this.deregisters = !this.injections.some(endsAtTraceEnd) && p.chance(0.8)
    const needsAccept = this.listeners.some((l) => l.mode !== 'irp')
    this.staticCallbacks = needsAccept && !this.injections.some((i) => i.plan.noStatic === true) && p.chance(0.4)
    if (this.staticCallbacks) for (const l of this.listeners) if (l.accept === 'after-bind') l.accept = 'static'
  }

  private addListener(mode: AcceptMode, d: DedicatedListener | undefined, inj: Injection | undefined): void {
    const p = this.prng
    const n = this.listeners.length
    this.listeners.push({
      mode,
      create: p.chance(0.5) ? 'irp' : 'terse',
      bind: d?.raceBind === true ? 'irp' : p.pick(['terse', 'irp', 'inline'] as const),
      close: p.chance(0.5) ? 'irp' : 'terse',
      accept: d?.accept ?? (mode === 'irp' ? 'none' : 'after-bind'),
      inherited: d?.inherited ?? (mode === 'event' && d === undefined && p.chance(0.25)),
      conditional: d?.conditional ?? mode === 'conditional',
      raceBind: d?.raceBind === true,
      spareAccept: mode === 'irp' && p.chance(0.5),
      faults: [],
      dedicatedTo: inj,
      key: pointer(0xa00770000000 + n * 0x1000),
      serial: 0,
      obj: undefined,
      ctx: undefined,
      ready: false,
    })
  }

  /** The shared listener that serves `mode`. */
  listenerFor(mode: AcceptMode): ListenerSetup | undefined {
    return this.listeners.find((l) => l.mode === mode && l.dedicatedTo === undefined)
  }

  /** Think time between two steps of a connection. */
  think(): number {
    return this.prng.exp(this.thinkMean)
  }

  /**
   * Draws among weighted candidates; one that `ok` refuses (the tables do not allow it from the
   * object's state, or its records would take a violating row) is dropped and the draw repeated.
   */
  choose<T>(candidates: readonly (readonly [T, number])[], ok: (t: T) => boolean): T | undefined {
    const left = candidates.filter(([, weight]) => weight > 0)
    while (left.length > 0) {
      const i = this.prng.weighted(left.map(([, weight]) => weight))
      const [t] = left[i]!
      if (ok(t)) return t
      left.splice(i, 1)
    }
    return undefined
  }

  /** A worker thread for point records at PASSIVE_LEVEL. */
  worker(): Thread {
    return this.prng.pick(this.workers)
  }

  /** Reserves a callback thread for an activation spanning several steps (waits while all are busy). */
  *callbackThread(avoid?: Thread): Generator<number, Thread, undefined> {
    for (;;) {
      const free = this.callbacks.filter((t) => !t.busy && t !== avoid)
      if (free.length > 0) {
        const th = this.prng.pick(free)
        th.busy = true
        return th
      }
      yield this.prng.int(1, 4)
    }
  }

  release(th: Thread): void {
    th.busy = false
  }
}

/** The same thread, its records at another IRQL. */
export function atIrql(th: Thread, irql: number): Thread {
  return {tid: th.tid, cpu: th.cpu, irql, busy: th.busy}
}
