/**
 * `Flags` of WSK calls and callbacks, and the event masks of SO_WSK_EVENT_CALLBACK /
 * WSK_SET_STATIC_EVENT_CALLBACKS (WDK `km/wsk.h`). Several names share a value (WSK_FLAG_LISTEN_SOCKET
 * and WSK_FLAG_ABORTIVE are both 1): they belong to different parameters, so names map to numbers
 * through one table, while numbers map back to names through the table of the DDI's parameter.
 */
import {NameTable} from './name-table.js'

// WskSocket Flags: the socket category.
export const WSK_FLAG_BASIC_SOCKET = 0x00000000
export const WSK_FLAG_LISTEN_SOCKET = 0x00000001
export const WSK_FLAG_CONNECTION_SOCKET = 0x00000002
export const WSK_FLAG_DATAGRAM_SOCKET = 0x00000004
export const WSK_FLAG_STREAM_SOCKET = 0x00000008

// WskDisconnect / WskDisconnectEvent.
export const WSK_FLAG_ABORTIVE = 0x00000001
// WskReceiveEvent.
export const WSK_FLAG_RELEASE_ASAP = 0x00000002
export const WSK_FLAG_ENTIRE_MESSAGE = 0x00000004
// Every event callback: called at DISPATCH_LEVEL.
export const WSK_FLAG_AT_DISPATCH_LEVEL = 0x00000008
// WskSend.
export const WSK_FLAG_OOB = 0x00000001
export const WSK_FLAG_NODELAY = 0x00000002
// WskReceive.
export const WSK_FLAG_WAITALL = 0x00000002
export const WSK_FLAG_DRAIN = 0x00000004

// Event masks (EventMask of WSK_EVENT_CALLBACK_CONTROL, and of WSK_SET_STATIC_EVENT_CALLBACKS).
export const WSK_EVENT_SEND_BACKLOG = 0x00000010
export const WSK_EVENT_RECEIVE = 0x00000040
export const WSK_EVENT_DISCONNECT = 0x00000080
export const WSK_EVENT_RECEIVE_FROM = 0x00000100
export const WSK_EVENT_ACCEPT = 0x00000200
/** OR-ed with exactly one event flag to disable that callback. */
export const WSK_EVENT_DISABLE = 0x80000000

/** WskSocket `Flags`. */
export const WSK_SOCKET_FLAGS = new NameTable('WSK socket flag', [
  ['WSK_FLAG_BASIC_SOCKET', WSK_FLAG_BASIC_SOCKET],
  ['WSK_FLAG_LISTEN_SOCKET', WSK_FLAG_LISTEN_SOCKET],
  ['WSK_FLAG_CONNECTION_SOCKET', WSK_FLAG_CONNECTION_SOCKET],
  ['WSK_FLAG_DATAGRAM_SOCKET', WSK_FLAG_DATAGRAM_SOCKET],
  ['WSK_FLAG_STREAM_SOCKET', WSK_FLAG_STREAM_SOCKET],
])

/** `Flags` of WskAcceptEvent, WskInspectEvent-style callbacks: only the IRQL hint. */
export const WSK_CALLBACK_FLAGS = new NameTable('WSK callback flag', [['WSK_FLAG_AT_DISPATCH_LEVEL', WSK_FLAG_AT_DISPATCH_LEVEL]])

/** WskDisconnectEvent `Flags`. */
export const WSK_DISCONNECT_EVENT_FLAGS = new NameTable('WSK disconnect flag', [
  ['WSK_FLAG_ABORTIVE', WSK_FLAG_ABORTIVE],
  ['WSK_FLAG_AT_DISPATCH_LEVEL', WSK_FLAG_AT_DISPATCH_LEVEL],
])

/** WskDisconnect `Flags`. */
export const WSK_DISCONNECT_FLAGS = new NameTable('WSK disconnect flag', [['WSK_FLAG_ABORTIVE', WSK_FLAG_ABORTIVE]])

/** WskReceiveEvent `Flags`. */
export const WSK_RECEIVE_EVENT_FLAGS = new NameTable('WSK receive event flag', [
  ['WSK_FLAG_RELEASE_ASAP', WSK_FLAG_RELEASE_ASAP],
  ['WSK_FLAG_ENTIRE_MESSAGE', WSK_FLAG_ENTIRE_MESSAGE],
  ['WSK_FLAG_AT_DISPATCH_LEVEL', WSK_FLAG_AT_DISPATCH_LEVEL],
])

/** WskSend `Flags`. */
export const WSK_SEND_FLAGS = new NameTable('WSK send flag', [
  ['WSK_FLAG_OOB', WSK_FLAG_OOB],
  ['WSK_FLAG_NODELAY', WSK_FLAG_NODELAY],
])

/** WskReceive `Flags`. */
export const WSK_RECEIVE_FLAGS = new NameTable('WSK receive flag', [
  ['WSK_FLAG_WAITALL', WSK_FLAG_WAITALL],
  ['WSK_FLAG_DRAIN', WSK_FLAG_DRAIN],
])

/** An event mask: SO_WSK_EVENT_CALLBACK / WSK_SET_STATIC_EVENT_CALLBACKS input. */
export const WSK_EVENT_MASK = new NameTable('WSK event', [
  ['WSK_EVENT_SEND_BACKLOG', WSK_EVENT_SEND_BACKLOG],
  ['WSK_EVENT_RECEIVE', WSK_EVENT_RECEIVE],
  ['WSK_EVENT_DISCONNECT', WSK_EVENT_DISCONNECT],
  ['WSK_EVENT_RECEIVE_FROM', WSK_EVENT_RECEIVE_FROM],
  ['WSK_EVENT_ACCEPT', WSK_EVENT_ACCEPT],
  ['WSK_EVENT_DISABLE', WSK_EVENT_DISABLE],
])

/** Every name the `flags` field accepts: all WSK_FLAG_* and WSK_EVENT_* names. */
export const WSK_FLAG_NAMES = NameTable.merge(
  'WSK flag',
  WSK_SOCKET_FLAGS,
  WSK_DISCONNECT_FLAGS,
  WSK_RECEIVE_EVENT_FLAGS,
  WSK_SEND_FLAGS,
  WSK_RECEIVE_FLAGS,
  WSK_EVENT_MASK,
)

/**
 * The table that prints the `flags` of a record of `event` (the formatter's choice of names):
 * WskSocket → socket category, WskDisconnectEvent → ABORTIVE|AT_DISPATCH_LEVEL, and so on.
 */
export function flagTableFor(event: string): NameTable {
  switch (event) {
    case 'WskSocket':
      return WSK_SOCKET_FLAGS
    case 'WskDisconnect':
      return WSK_DISCONNECT_FLAGS
    case 'WskDisconnectEvent':
      return WSK_DISCONNECT_EVENT_FLAGS
    case 'WskReceiveEvent':
      return WSK_RECEIVE_EVENT_FLAGS
    case 'WskSend':
      return WSK_SEND_FLAGS
    case 'WskReceive':
      return WSK_RECEIVE_FLAGS
    case 'WskControlSocket':
    case 'WskControlClient':
      return WSK_EVENT_MASK
    default:
      return WSK_CALLBACK_FLAGS
  }
}
