// Registry of every rule: the rulebook rules sorted by ref number, then wsktrace's own trace checks.
import type {RuleMeta} from './rule-meta.js'

import {meta as closeAllSocketsBeforeDetach} from './close-all-sockets-before-detach.js'
import {meta as listenFunctionsNeedListenSocket} from './listen-functions-need-listen-socket.js'
import {meta as newSocketCallbacksDisabled} from './new-socket-callbacks-disabled.js'
import {meta as staticCallbacksBeforeAnySocket} from './static-callbacks-before-any-socket.js'
import {meta as bindBeforeAccept} from './bind-before-accept.js'
import {meta as listeningStartsAtBind} from './listening-starts-at-bind.js'
import {meta as conditionalAcceptBeforeBind} from './conditional-accept-before-bind.js'
import {meta as inspectOnlyInConditionalMode} from './inspect-only-in-conditional-mode.js'
import {meta as acceptEventOnlyIfEnabled} from './accept-event-only-if-enabled.js'
import {meta as completionReturnsMoreProcessing} from './completion-returns-more-processing.js'
import {meta as irpReuseNeedsIoreuseirp} from './irp-reuse-needs-ioreuseirp.js'
import {meta as irpNotTouchedWhileOwnedByWsk} from './irp-not-touched-while-owned-by-wsk.js'
import {meta as irpFreeOrReuseAfterCompletion} from './irp-free-or-reuse-after-completion.js'
import {meta as acceptSuccessYieldsOwnedSocket} from './accept-success-yields-owned-socket.js'
import {meta as acceptFailureHasNoSocket} from './accept-failure-has-no-socket.js'
import {meta as acceptAddressBuffersLiveUntilCompletion} from './accept-address-buffers-live-until-completion.js'
import {meta as acceptEventReturnCode} from './accept-event-return-code.js'
import {meta as acceptEventNullSocketCloseListener} from './accept-event-null-socket-close-listener.js'
import {meta as acceptEventNullSocketReturn} from './accept-event-null-socket-return.js'
import {meta as acceptEventRejectWskCloses} from './accept-event-reject-wsk-closes.js'
import {meta as acceptEventRejectAfterUse} from './accept-event-reject-after-use.js'
import {meta as acceptEventSuccessAppOwns} from './accept-event-success-app-owns.js'
import {meta as acceptEventIrql} from './accept-event-irql.js'
import {meta as acceptEventDispatchFlag} from './accept-event-dispatch-flag.js'
import {meta as noWaitInsideCallbacks} from './no-wait-inside-callbacks.js'
import {meta as callbackShortAtDispatch} from './callback-short-at-dispatch.js'
import {meta as acceptEventAddressesEphemeral} from './accept-event-addresses-ephemeral.js'
import {meta as acceptEventContextNonpaged} from './accept-event-context-nonpaged.js'
import {meta as acceptEventNullOutsIfNoCallbacks} from './accept-event-null-outs-if-no-callbacks.js'
import {meta as acceptEventDispatchForInherited} from './accept-event-dispatch-for-inherited.js'
import {meta as inspectReturnValues} from './inspect-return-values.js'
import {meta as inspectNullIdCloseListener} from './inspect-null-id-close-listener.js'
import {meta as inspectNullIdReturnReject} from './inspect-null-id-return-reject.js'
import {meta as inspectPendMustComplete} from './inspect-pend-must-complete.js'
import {meta as inspectIdCopiedNotReferenced} from './inspect-id-copied-not-referenced.js'
import {meta as inspectAddressesEphemeral} from './inspect-addresses-ephemeral.js'
import {meta as inspectCompleteOnlyForPended} from './inspect-complete-only-for-pended.js'
import {meta as inspectCompleteAction} from './inspect-complete-action.js'
import {meta as inspectCompleteOnce} from './inspect-complete-once.js'
import {meta as abortMatchByContents} from './abort-match-by-contents.js'
import {meta as abortReturnSuccess} from './abort-return-success.js'
import {meta as noCompleteAfterAbort} from './no-complete-after-abort.js'
import {meta as closeIrpRequired} from './close-irp-required.js'
import {meta as noCallsAfterClose} from './no-calls-after-close.js'
import {meta as freeContextAfterCloseCompletes} from './free-context-after-close-completes.js'
import {meta as invalidRecord} from './invalid-record.js'
import {meta as unbalancedActivation} from './unbalanced-activation.js'

export const RULES: readonly RuleMeta[] = [
  closeAllSocketsBeforeDetach,
  listenFunctionsNeedListenSocket,
  newSocketCallbacksDisabled,
  staticCallbacksBeforeAnySocket,
  bindBeforeAccept,
  listeningStartsAtBind,
  conditionalAcceptBeforeBind,
  inspectOnlyInConditionalMode,
  acceptEventOnlyIfEnabled,
  completionReturnsMoreProcessing,
  irpReuseNeedsIoreuseirp,
  irpNotTouchedWhileOwnedByWsk,
  irpFreeOrReuseAfterCompletion,
  acceptSuccessYieldsOwnedSocket,
  acceptFailureHasNoSocket,
  acceptAddressBuffersLiveUntilCompletion,
  acceptEventReturnCode,
  acceptEventNullSocketCloseListener,
  acceptEventNullSocketReturn,
  acceptEventRejectWskCloses,
  acceptEventRejectAfterUse,
  acceptEventSuccessAppOwns,
  acceptEventIrql,
  acceptEventDispatchFlag,
  noWaitInsideCallbacks,
  callbackShortAtDispatch,
  acceptEventAddressesEphemeral,
  acceptEventContextNonpaged,
  acceptEventNullOutsIfNoCallbacks,
  acceptEventDispatchForInherited,
  inspectReturnValues,
  inspectNullIdCloseListener,
  inspectNullIdReturnReject,
  inspectPendMustComplete,
  inspectIdCopiedNotReferenced,
  inspectAddressesEphemeral,
  inspectCompleteOnlyForPended,
  inspectCompleteAction,
  inspectCompleteOnce,
  abortMatchByContents,
  abortReturnSuccess,
  noCompleteAfterAbort,
  closeIrpRequired,
  noCallsAfterClose,
  freeContextAfterCloseCompletes,
  invalidRecord,
  unbalancedActivation,
]
export const RULES_BY_ID: ReadonlyMap<string, RuleMeta> = new Map(RULES.map((r) => [r.id, r]))
export function getRule(id: string): RuleMeta | undefined {
  return RULES_BY_ID.get(id)
}
