// What counts as a profile, shared by the main bundle (which decides when to
// load profile support) and the profile bundle itself.

/** Profiles are `*.jwt.yaml` files, saved or not. */
export function isProfileUri(uri: { path: string }): boolean {
  return uri.path.endsWith('.jwt.yaml');
}

/**
 * How a profile is named to a person: its workspace-relative path, or for an
 * unsaved one its file name and "(unsaved)", never a long absolute path.
 * `relative` is `vscode.workspace.asRelativePath`, passed in so this file stays
 * free of the vscode module.
 */
export function profileDisplayName<U extends { scheme: string; path: string }>(uri: U, relative: (uri: U) => string): string {
  if (uri.scheme === 'untitled') {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1) || 'profile';
    return `${name} (unsaved)`;
  }
  return relative(uri);
}

const PRESET_FOLDER = '/.vscode/jwt-presets/';

/** A workspace preset, `.vscode/jwt-presets/<name>.yaml`: opening one loads profile support too, so its problems show on it. */
export function isPresetUri(uri: { path: string }): boolean {
  const at = uri.path.lastIndexOf(PRESET_FOLDER);
  return at >= 0 && uri.path.endsWith('.yaml') && !uri.path.slice(at + PRESET_FOLDER.length).includes('/');
}
