/** Every reference machine, in the order the docs present them. The DOT export and coverage iterate this list. */
import type {Machine} from '../machine.js'
import type {StepContext} from '../step-context.js'
import {ListeningSocket} from './listening-socket.js'
import {AcceptCallback} from './accept-callback.js'
import {ConditionalAccept} from './conditional-accept.js'
import {InheritedCallbacks} from './inherited-callbacks.js'
import {AcceptedSocket} from './accepted-socket.js'
import {OtherSocket} from './other-socket.js'
import {Irp} from './irp.js'
import {Inspection} from './inspection.js'
import {WskBuffer} from './wsk-buffer.js'
import {PoolBlock} from './pool-block.js'
import {WskClient} from './wsk-client.js'
import {Activation} from './activation.js'

export const MACHINES: readonly Machine<string, string, StepContext>[] = [
  ListeningSocket, AcceptCallback, ConditionalAccept, InheritedCallbacks, AcceptedSocket, OtherSocket,
  Irp, Inspection, WskBuffer, PoolBlock, WskClient, Activation,
] as unknown as Machine<string, string, StepContext>[]

/**
 * States an object may be created in besides the machine's initial state (the replay starts some
 * objects mid-life: an accepted socket delivered by an IRP is born Owned, an adopted socket is
 * born Adopted…). The table tests use this to check that every state is reachable.
 */
export const CREATION_STATES: Record<string, readonly string[]> = {
  'listening-socket': ['Created', 'Listening'],
  'accept-callback': ['NeverEnabled', 'Static', 'Unknown'],
  'conditional-accept': ['Off', 'Unknown'],
  'accepted-socket': ['Offered', 'Owned', 'NotASocket'],
  socket: ['Open', 'Adopted'],
  irp: ['Allocated', 'Adopted'],
  inspection: ['Inspecting', 'Unknown'],
  'wsk-buffer': ['LiveAcceptAddress', 'LiveInspectAddress', 'LiveInspectId'],
  'pool-block': ['Allocated'],
}
