/**
 * How each rule is planted. A plan names the object the fault happens to (a connection of some
 * accept mode, a listener, the session, or the file itself) and the variants the actors know how
 * to write; the actors drive that object through allowed transitions up to a state from which a
 * violating row of the rule exists, write the event of that row (with the guard's condition set
 * up), and let the session go on cleanly. The walker checks, from the tables, that the planted
 * event did take a row of that rule on that object.
 *
 * Every rule of RULES has a plan; invalid-record and unbalanced-activation are planted at the
 * record level (a record whose IRQL is out of range, a dropped exit). test/synth/plans.test.ts holds the list to RULES.
 */
import type {SynthObject} from '../walker.js'
import type {AcceptMode} from '../options.js'

/**
 * `event`/`irp`/`conditional`: a connection of that mode; `accepted`: a connection of mode event
 * or irp (whichever the draw gives), for faults on an owned socket or its IRPs; `listener`: one
 * of the session's listeners; `session`: the WSK client; `record`: a line of the file.
 */
export type FaultTarget = 'event' | 'irp' | 'accepted' | 'conditional' | 'listener' | 'session' | 'record'

/** A listener of its own for the target connection, set up so (it serves nothing else). */
export interface DedicatedListener {
  mode: AcceptMode
  /** WSK_EVENT_ACCEPT: not enabled, enabled before WskBind, or enabled then disabled again. */
  accept?: 'none' | 'before-bind' | 'disabled'
  /** WSK_EVENT_RECEIVE|WSK_EVENT_DISCONNECT enabled on the listener (inherited by accepted sockets). */
  inherited?: boolean
  /** SO_CONDITIONAL_ACCEPT (default: on for mode conditional). */
  conditional?: boolean
  /** The target connection arrives while WskBind is still pending. */
  raceBind?: boolean
}

export interface InjectionPlan {
  rule: string
  target: FaultTarget
  /** Ways to plant it; one is drawn per injection. */
  variants: readonly string[]
  listener?: DedicatedListener
  /** The fault needs per-socket enablement: the session does not use WSK_SET_STATIC_EVENT_CALLBACKS. */
  noStatic?: boolean
  /** Findings a variant entails besides its own (a leak needs the session to end…), by rule. */
  extras?: Readonly<Record<string, readonly string[]>>
  /** What the fault is, in a driver developer's words. */
  what: string
}

export const PLANS: readonly InjectionPlan[] = [
  {rule: 'close-all-sockets-before-detach', target: 'listener', variants: ['neverClosed', 'neverClosedAtEnd'], what: 'a listening socket is never closed (before WskDeregister, or before the end of a complete trace)'},
  {rule: 'listen-functions-need-listen-socket', target: 'accepted', variants: ['acceptOnAccepted', 'connectionSocket'], what: 'WskAccept called on an accepted socket, or on a connection socket'},
  {rule: 'new-socket-callbacks-disabled', target: 'event', variants: ['neverEnabled'], listener: {mode: 'event', accept: 'none'}, noStatic: true, what: 'WskAcceptEvent on a listener that never enabled WSK_EVENT_ACCEPT'},
  {rule: 'static-callbacks-before-any-socket', target: 'session', variants: ['afterSocket', 'withIrp'], what: 'WSK_SET_STATIC_EVENT_CALLBACKS after a socket exists, or with an IRP'},
  {rule: 'bind-before-accept', target: 'listener', variants: ['acceptBeforeBind'], what: 'WskAccept on a listening socket before WskBind'},
  {rule: 'listening-starts-at-bind', target: 'event', variants: ['indicatedWhileBinding'], listener: {mode: 'event', accept: 'before-bind', raceBind: true}, what: 'WskAcceptEvent while the listener\'s WskBind is still pending'},
  {rule: 'conditional-accept-before-bind', target: 'listener', variants: ['afterBind'], what: 'SO_CONDITIONAL_ACCEPT set after WskBind'},
  {rule: 'inspect-only-in-conditional-mode', target: 'conditional', variants: ['inspect', 'abort'], listener: {mode: 'conditional', conditional: false}, what: 'WskInspectEvent or WskAbortEvent on a listener without conditional accept'},
  {rule: 'accept-event-only-if-enabled', target: 'event', variants: ['afterDisable'], listener: {mode: 'event', accept: 'disabled'}, noStatic: true, what: 'WskAcceptEvent after WSK_EVENT_ACCEPT|WSK_EVENT_DISABLE'},
  {rule: 'completion-returns-more-processing', target: 'accepted', variants: ['returnsSuccess', 'freedInRoutine'], what: 'a completion routine returns STATUS_SUCCESS for the application\'s own IRP (after freeing it, or not)'},
  {rule: 'irp-reuse-needs-ioreuseirp', target: 'accepted', variants: ['noReuse'], what: 'a completed IRP is passed to WSK again without IoReuseIrp'},
  {rule: 'irp-not-touched-while-owned-by-wsk', target: 'accepted', variants: ['setCompletion', 'reuse', 'free'], what: 'an IRP is re-armed, reused or freed while WSK owns it'},
  {rule: 'irp-free-or-reuse-after-completion', target: 'accepted', variants: ['doubleFree', 'reuseAfterFree', 'rearmAfterFree', 'leak'], what: 'an IRP is freed twice, used after IoFreeIrp, or never freed'},
  {rule: 'accept-success-yields-owned-socket', target: 'irp', variants: ['leak', 'leakAtEnd'], what: 'a socket delivered by a WskAccept IRP is never closed'},
  {rule: 'accept-failure-has-no-socket', target: 'irp', variants: ['close', 'call'], what: 'the stale IoStatus.Information of a failed WskAccept is used as a socket'},
  {rule: 'accept-address-buffers-live-until-completion', target: 'irp', variants: ['freeEarly'], what: 'an address buffer of a pending WskAccept is freed before the IRP completes'},
  {rule: 'accept-event-return-code', target: 'event', variants: ['insufficientResources'], what: 'WskAcceptEvent returns STATUS_INSUFFICIENT_RESOURCES'},
  {rule: 'accept-event-null-socket-close-listener', target: 'event', variants: ['neverClosed', 'neverClosedAtEnd', 'callOnBroken'], listener: {mode: 'event'}, what: 'after a NULL AcceptSocket the listener is never closed, or used again'},
  {rule: 'accept-event-null-socket-return', target: 'event', variants: ['success'], listener: {mode: 'event'}, what: 'WskAcceptEvent with a NULL AcceptSocket returns STATUS_SUCCESS'},
  {rule: 'accept-event-reject-wsk-closes', target: 'event', variants: ['close', 'call'], what: 'a socket rejected by WskAcceptEvent is closed or used by the application'},
  {rule: 'accept-event-reject-after-use', target: 'event', variants: ['getRemoteAddress'], what: 'WskAcceptEvent calls WSK on the offered socket, then rejects it'},
  {rule: 'accept-event-success-app-owns', target: 'event', variants: ['leak', 'leakAtEnd'], what: 'a socket accepted by WskAcceptEvent is never closed'},
  {rule: 'accept-event-irql', target: 'event', variants: ['pagedAlloc', 'pagedAllocAtPassive', 'aboveDispatch'], what: 'WskAcceptEvent allocates from PagedPool, or is entered above DISPATCH_LEVEL'},
  {rule: 'accept-event-dispatch-flag', target: 'event', variants: ['passiveWithFlag', 'unknownFlag'], what: 'WskAcceptEvent Flags contradict its IRQL'},
  {rule: 'no-wait-inside-callbacks', target: 'event', variants: ['dispatch', 'tied', 'unknownTarget'], what: 'WskAcceptEvent waits on a KEVENT'},
  {rule: 'callback-short-at-dispatch', target: 'event', variants: ['long'], what: 'WskAcceptEvent at DISPATCH_LEVEL runs longer than the budget'},
  {rule: 'accept-event-addresses-ephemeral', target: 'event', variants: ['readAfterReturn'], what: 'RemoteAddress of WskAcceptEvent is read after the callback returned'},
  {rule: 'accept-event-context-nonpaged', target: 'event', variants: ['pagedContext'], what: 'WskAcceptEvent returns a socket context from PagedPool'},
  {rule: 'accept-event-null-outs-if-no-callbacks', target: 'event', variants: ['contextWithoutCallbacks'], listener: {mode: 'event', inherited: false}, what: 'WskAcceptEvent returns a context and dispatch table, yet no callback is ever enabled'},
  {rule: 'accept-event-dispatch-for-inherited', target: 'event', variants: ['nullDispatch'], listener: {mode: 'event', inherited: true}, what: 'WskAcceptEvent returns no dispatch table although the listener passes callbacks on'},
  {rule: 'inspect-return-values', target: 'conditional', variants: ['invalidAction'], what: 'WskInspectEvent returns an invalid WSK_INSPECT_ACTION'},
  {rule: 'inspect-null-id-close-listener', target: 'conditional', variants: ['neverClosed', 'neverClosedAtEnd', 'callOnBroken'], listener: {mode: 'conditional'}, what: 'after a NULL InspectID the listener is never closed, or used again'},
  {rule: 'inspect-null-id-return-reject', target: 'conditional', variants: ['pend'], listener: {mode: 'conditional'}, what: 'WskInspectEvent with a NULL InspectID does not return WskInspectReject'},
  {
    rule: 'inspect-pend-must-complete', target: 'conditional', variants: ['listenerClosed', 'neverCompleted', 'neverCompletedAtEnd'], listener: {mode: 'conditional'},
    extras: {neverCompleted: ['close-all-sockets-before-detach'], neverCompletedAtEnd: ['close-all-sockets-before-detach']},
    what: 'a pended inspection is never completed: its listener is closed (warning), or the session ends with both open',
  },
  {rule: 'inspect-id-copied-not-referenced', target: 'conditional', variants: ['pointerReused', 'accessAfterReturn'], what: 'WSK\'s WSK_INSPECT_ID is used after WskInspectEvent returned'},
  {rule: 'inspect-addresses-ephemeral', target: 'conditional', variants: ['readAfterReturn'], what: 'RemoteAddress of WskInspectEvent is read after the callback returned'},
  {rule: 'inspect-complete-only-for-pended', target: 'conditional', variants: ['afterSyncReject', 'afterSyncAccept', 'insideCallback'], what: 'WskInspectComplete for an inspection answered synchronously, or still being inspected'},
  {rule: 'inspect-complete-action', target: 'conditional', variants: ['pendAction'], what: 'WskInspectComplete with Action WskInspectPend'},
  {rule: 'inspect-complete-once', target: 'conditional', variants: ['twice'], what: 'WskInspectComplete twice for one inspection'},
  {rule: 'abort-match-by-contents', target: 'conditional', variants: ['otherPointer'], what: 'an inspection aborted through another WSK_INSPECT_ID pointer is completed anyway'},
  {rule: 'abort-return-success', target: 'conditional', variants: ['unsuccessful'], what: 'WskAbortEvent returns STATUS_UNSUCCESSFUL'},
  {rule: 'no-complete-after-abort', target: 'conditional', variants: ['samePointer'], what: 'an aborted inspection is completed'},
  {rule: 'close-irp-required', target: 'accepted', variants: ['nullIrp'], what: 'WskCloseSocket with Irp = NULL'},
  {rule: 'no-calls-after-close', target: 'accepted', variants: ['secondClose', 'sendAfterClose', 'acceptAfterClose', 'sendWhileClosing', 'listenerAfterClose'], what: 'a socket (accepted or listening) is used or closed again after WskCloseSocket'},
  {rule: 'free-context-after-close-completes', target: 'accepted', variants: ['freeWhileClosing'], what: 'a socket context is freed before the close completes'},
  {rule: 'invalid-record', target: 'record', variants: ['irqlOutOfRange'], what: 'a record no reader accepts (IRQL 99)'},
  {rule: 'unbalanced-activation', target: 'event', variants: ['droppedExit'], what: 'the exit record of a WskAcceptEvent is missing'},
]

export const PLANS_BY_RULE: ReadonlyMap<string, InjectionPlan> = new Map(PLANS.map((p) => [p.rule, p]))

/** One fault planted in a session. */
export interface Injection {
  plan: InjectionPlan
  rule: string
  variant: string
  /** Accept mode of the target connection (connection targets). */
  mode: AcceptMode | undefined
  /** Arrival index at which it happens (connection, session and record targets). */
  index: number
  /** The object the planted finding is about, once planted (matched with the walker's hits). */
  target: SynthObject | undefined
  /** Record-level faults: the line planted. */
  line: number | undefined
}

/** Variants named `…AtEnd` need a complete trace that ends without WskDeregister: obligations are judged at its end. */
export function endsAtTraceEnd(f: Injection): boolean {
  return f.variant.endsWith('AtEnd')
}

/** Is `f` the fault `rule` (in one of `variants`, if given)? */
export function isFault(f: Injection | undefined, rule: string, ...variants: string[]): boolean {
  return f !== undefined && f.rule === rule && (variants.length === 0 || variants.includes(f.variant))
}

/** The fault is planted: `obj` is the object its finding will be about. */
export function plant(f: Injection | undefined, obj: SynthObject | undefined): void {
  if (f !== undefined) f.target = obj
}
