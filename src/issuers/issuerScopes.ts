// Where entries of `jwtStudio.trustedIssuers` come from (user, workspace, folder settings), and how many
// there are, without reading them: the first bundle (issuers/lazy.ts) counts entries with this for the
// palette and the Keys view before dist/issuers.js is loaded; issuerSettings.ts reads them. No vscode here.

/** The setting, under `jwtStudio.`. */
export const TRUSTED_ISSUERS_SETTING = 'trustedIssuers';

/** Where a setting value comes from (`inspect()`'s globalValue, workspaceValue, workspaceFolderValue). */
export type SettingScope = 'global' | 'workspace' | 'workspaceFolder';

export const SETTING_SCOPES: readonly SettingScope[] = ['global', 'workspace', 'workspaceFolder'];

/** What `WorkspaceConfiguration.inspect()` gives, reduced to the values read here. */
export interface SettingValues {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

const SCOPE_WORDS: Record<SettingScope, string> = { global: 'user settings', workspace: 'workspace settings', workspaceFolder: 'folder settings' };

/** "user settings", "workspace settings", "folder settings". */
export function scopeWords(scope: SettingScope): string {
  return SCOPE_WORDS[scope];
}

/** How many entries a value holds, without reading them (for the palette's `when` context at start). */
export function entryCount(values: SettingValues, workspaceTrusted: boolean): number {
  const scopes: readonly SettingScope[] = workspaceTrusted ? SETTING_SCOPES : ['global'];
  return scopes.reduce((n, scope) => {
    const value = scopeValue(values, scope);
    return n + (Array.isArray(value) ? value.length : 0);
  }, 0);
}

/** The value one scope holds. */
export function scopeValue(values: SettingValues, scope: SettingScope): unknown {
  return scope === 'global' ? values.globalValue : scope === 'workspace' ? values.workspaceValue : values.workspaceFolderValue;
}
