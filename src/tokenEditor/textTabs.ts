import * as vscode from 'vscode';

/** How long text tabs that VS Code opens for a document a moment after the form are still closed. */
const LATE_TABS_MS = 3_000;

/**
 * Closes the text tabs of `uri` (in the group of `viewColumn` only, when given),
 * now and for a few seconds after: VS Code opens some of them a moment after the
 * form that replaces them (the buffer New Token fills, the text editor Save puts
 * where the form was). The form keeps the document open, so closing asks nothing.
 */
export function closeTextTabs(uri: vscode.Uri, viewColumn?: vscode.ViewColumn): void {
  const key = uri.toString();
  const close = (): void => {
    const groups = vscode.window.tabGroups.all.filter((g) => viewColumn === undefined || g.viewColumn === viewColumn);
    // Only beside the form's own tab: closing the text tab of an unsaved buffer before VS Code lists the form
    // as an editor of it (a slow machine) would ask whether to save it.
    const withForm = groups.filter((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === key));
    const tabs = withForm.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
    if (tabs.length > 0) void vscode.window.tabGroups.close(tabs, true).then(undefined, () => undefined);
  };
  close();
  const watching = vscode.window.tabGroups.onDidChangeTabs((event) => {
    if (event.opened.length > 0 || event.changed.length > 0) close();
  });
  setTimeout(() => watching.dispose(), LATE_TABS_MS);
}

/** Whether the form's group shows a text tab of `uri` to the left of the form's tab. */
export function textTabBeforeForm(uri: vscode.Uri, viewColumn: vscode.ViewColumn): boolean {
  const key = uri.toString();
  const tabs = vscode.window.tabGroups.all.find((g) => g.viewColumn === viewColumn)?.tabs ?? [];
  const text = tabs.findIndex((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key);
  const form = tabs.findIndex((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === key);
  return text >= 0 && form >= 0 && text < form;
}

/** VS Code 1.139 and later close the text tab of an unsaved buffer that a form still shows without asking (1.90 asks). */
export function closingUntitledTextIsQuiet(): boolean {
  const [major = 0, minor = 0] = vscode.version.split('.').map((n) => Number.parseInt(n, 10));
  return major > 1 || (major === 1 && minor >= 139);
}
