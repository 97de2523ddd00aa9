/**
 * A reader needs no camera, microphone, location, notifications, clipboard reads, USB, HID,
 * serial or anything else a page can ask for: every request and every check says no.
 */

/** For session.setPermissionRequestHandler: refuses every permission. */
export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** For session.setPermissionCheckHandler: reports every permission as not granted. */
export function denyPermissionCheck(): boolean {
  return false;
}

/** For session.setDevicePermissionHandler: no device access. */
export function denyDevicePermission(): boolean {
  return false;
}

/** The part of an Electron Session these handlers are installed on. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: typeof denyPermissionRequest): void;
  setPermissionCheckHandler(handler: typeof denyPermissionCheck): void;
  setDevicePermissionHandler(handler: typeof denyDevicePermission): void;
}

/** Installs the three deny-all handlers on a session. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(denyDevicePermission);
}
