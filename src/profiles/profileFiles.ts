// What counts as a profile, shared by the main bundle (which decides when to
// load profile support) and the profile bundle itself.

/** Profiles are `*.jwt.yaml` files, saved or not. */
export function isProfileUri(uri: { path: string }): boolean {
  return uri.path.endsWith('.jwt.yaml');
}

const PRESET_FOLDER = '/.vscode/jwt-presets/';

/** A workspace preset, `.vscode/jwt-presets/<name>.yaml`: opening one loads profile support too, so its problems show on it. */
export function isPresetUri(uri: { path: string }): boolean {
  const at = uri.path.lastIndexOf(PRESET_FOLDER);
  return at >= 0 && uri.path.endsWith('.yaml') && !uri.path.slice(at + PRESET_FOLDER.length).includes('/');
}
