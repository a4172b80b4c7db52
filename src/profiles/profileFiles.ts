// What counts as a profile, shared by the main bundle (which decides when to
// load profile support) and the profile bundle itself.

/** Profiles are `*.jwt.yaml` files, saved or not. */
export function isProfileUri(uri: { path: string }): boolean {
  return uri.path.endsWith('.jwt.yaml');
}
