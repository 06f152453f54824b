/**
 * The `request` field: `WskControlSocket` RequestType (WSK_CONTROL_SOCKET_TYPE) and
 * `WskControlClient` ControlCode (WDK `km/wsk.h`). The two overlap numerically (WskIoctl and
 * WSK_TRANSPORT_LIST_QUERY are both 2); the record's `event` says which one a number is.
 */
import {NameTable} from './name-table.js'

export const WskSetOption = 0
export const WskGetOption = 1
export const WskIoctl = 2

export const WSK_TRANSPORT_LIST_QUERY = 2
export const WSK_TRANSPORT_LIST_CHANGE = 3
export const WSK_CACHE_SD = 4
export const WSK_RELEASE_SD = 5
export const WSK_TDI_DEVICENAME_MAPPING = 6
export const WSK_SET_STATIC_EVENT_CALLBACKS = 7
export const WSK_TDI_BEHAVIOR = 8

export const WSK_CONTROL_SOCKET_TYPES = new NameTable('WskControlSocket request type', [
  ['WskSetOption', WskSetOption],
  ['WskGetOption', WskGetOption],
  ['WskIoctl', WskIoctl],
])

export const WSK_CONTROL_CLIENT_CODES = new NameTable('WskControlClient control code', [
  ['WSK_TRANSPORT_LIST_QUERY', WSK_TRANSPORT_LIST_QUERY],
  ['WSK_TRANSPORT_LIST_CHANGE', WSK_TRANSPORT_LIST_CHANGE],
  ['WSK_CACHE_SD', WSK_CACHE_SD],
  ['WSK_RELEASE_SD', WSK_RELEASE_SD],
  ['WSK_TDI_DEVICENAME_MAPPING', WSK_TDI_DEVICENAME_MAPPING],
  ['WSK_SET_STATIC_EVENT_CALLBACKS', WSK_SET_STATIC_EVENT_CALLBACKS],
  ['WSK_TDI_BEHAVIOR', WSK_TDI_BEHAVIOR],
])

/** Every name `request` accepts. */
export const WSK_REQUEST_NAMES = NameTable.merge('request', WSK_CONTROL_SOCKET_TYPES, WSK_CONTROL_CLIENT_CODES)

/** `WskSetOption` for a WskControlSocket record, `WSK_SET_STATIC_EVENT_CALLBACKS` for WskControlClient. */
export function requestName(n: number, event: string): string {
  const table = event === 'WskControlClient' ? WSK_CONTROL_CLIENT_CODES : WSK_CONTROL_SOCKET_TYPES
  return table.name(n) ?? String(n)
}
