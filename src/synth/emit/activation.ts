/** Callback and IoCompletion activations: the `activation` machine (R66–R69). */
import {Activation} from '../../model/machines/activation.js'
import {DISPATCH_LEVEL} from '../../trace/irql.js'
import type {TraceEvent} from '../../trace/event.js'
import {WSK_FLAG_AT_DISPATCH_LEVEL} from '../../trace/wsk-flags.js'
import type {AnyMachine, SynthObject, Walker} from '../walker.js'

export const ACTIVATION = Activation as unknown as AnyMachine

/** The activation an `enter` record starts (named as lint names it: `WskAcceptEvent on thread 9`). */
export function enterActivation(w: Walker, enter: TraceEvent): SynthObject {
  const act = w.create('activation', `${enter.event} on thread ${enter.tid}`, enter.line)
  act.setState(Activation.slot, Activation.S.Running)
  act.data.atDispatch =
    enter.irql === DISPATCH_LEVEL || (enter.event === 'WskAcceptEvent' && enter.flags !== undefined && (enter.flags & WSK_FLAG_AT_DISPATCH_LEVEL) !== 0)
  w.track(act, ACTIVATION)
  w.fire(ACTIVATION, act, 'enter', enter, enter)
  return act
}

/** Its exit: the duration is known, then it returns. */
export function returnActivation(w: Walker, act: SynthObject, exit: TraceEvent, enter: TraceEvent): void {
  w.fire(ACTIVATION, act, 'elapsed', exit, enter)
  w.fire(ACTIVATION, act, 'return', exit, enter)
}

/** A PASSIVE_LEVEL-only action inside a WskAcceptEvent activation (R66). */
export function passiveOnly(w: Walker, act: SynthObject | undefined, ev: TraceEvent): void {
  if (act !== undefined) w.fire(ACTIVATION, act, 'passiveOnly', ev, ev)
}
