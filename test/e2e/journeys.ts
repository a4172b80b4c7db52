// Steps the journeys share, so the development folder and the packaged
// .vsix are held to exactly the same checks.
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { FrameLocator, Locator } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EditorSession } from './harness';
import { HoverClosed, normalize, poll, timeouts } from './harness';

/** Activation finished, logged at info level, and nothing went wrong on the way. */
export async function expectCleanActivation(editor: EditorSession): Promise<void> {
  await editor.waitForActivation();
  await poll('the "activated" line in the JWT Studio log', timeouts.activation, () => /\[info\].*activated/.test(editor.extensionLog()));
  await expectNoErrors(editor);
}

/** No error notification, nothing at error level in the log channel, no extension-host failure. */
export async function expectNoErrors(editor: EditorSession): Promise<void> {
  const errors = (await editor.notifications()).filter((n) => n.severity === 'error');
  assert.deepEqual(errors, [], 'error notifications were shown');
  assert.deepEqual(editor.extensionLogErrors(), [], 'the JWT Studio log has lines at error level');
  assert.deepEqual(editor.extensionHostErrors(), [], 'the extension host reported a failure');
}

/** Text of the active editor as rendered (Monaco draws spaces as U+00A0). */
export async function activeEditorText(editor: EditorSession): Promise<string> {
  return normalize(await editor.activeEditor().locator('.view-lines').innerText());
}

/** Hovers `token` in `file` and checks the hover shows each of `expected`; `expand` resizes it to show everything. */
export async function hoverShows(
  editor: EditorSession,
  file: string,
  token: string,
  expected: (string | RegExp)[],
  { expand = false } = {},
): Promise<string> {
  await editor.openFile(file);
  let hover = await editor.hoverText(token, expected[0] ?? 'JWT', { nearTop: expand });
  for (let tries = 1; expand; tries++) {
    try {
      await editor.expandHover();
      break;
    } catch (error) {
      if (!(error instanceof HoverClosed) || tries >= 3) throw error;
      hover = await editor.hoverText(token, expected[0] ?? 'JWT', { nearTop: true });
    }
  }
  const text = normalize(await hover.innerText());
  for (const part of expected) {
    if (typeof part === 'string') assert.ok(text.includes(part), `hover lacks ${JSON.stringify(part)}:\n${text}`);
    else assert.match(text, part, `hover does not match ${String(part)}:\n${text}`);
  }
  return text;
}

/**
 * Puts the cursor in `token` inside `file`, runs "JWT: Decode Token" from the
 * palette and waits for the decoded view to open beside it.
 */
export async function decodeFromPalette(editor: EditorSession, file: string, token: string, expected: string[]): Promise<string> {
  await editor.openFile(file);
  await editor.revealText(token);
  await editor.runCommand('JWT: Decode Token');
  const page = editor.page;
  await page.locator('.editor-group-container').nth(1).waitFor({ timeout: timeouts.ui });
  await page.locator('.editor-group-container.active .tab.active', { hasText: 'Decoded token' }).waitFor({ timeout: timeouts.ui });
  const text = await poll('the decoded view to show the payload', timeouts.ui, async () => {
    const shown = await activeEditorText(editor);
    return expected.every((part) => shown.includes(part)) ? shown : undefined;
  }).catch(async (error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\ndecoded view shows:\n${await activeEditorText(editor)}`);
  });
  return text;
}

/** Waits for the quick input to show step `step` of a flow whose title contains `title`, answers it, and presses Enter. */
export async function answerStep(editor: EditorSession, title: string, step: string, text?: string): Promise<void> {
  const widget = editor.page.locator('.quick-input-widget');
  const heading = widget.locator('.quick-input-title');
  await poll(`quick input "${title}" at step ${step}`, timeouts.ui, async () => {
    if (!(await widget.isVisible())) return false;
    const shown = (await heading.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
    return shown.includes(title) && shown.includes(step);
  });
  const input = widget.locator('.quick-input-box input');
  if (text !== undefined) await input.fill(text);
  // Let the list filter (or validation) catch up with the text before accepting.
  await editor.page.waitForTimeout(150);
  await input.press('Enter');
}

/** The token a fixture file assigns to `name` (`name = '<token>'`), e.g. fixtureToken('basic/session.ts', 'validToken'). */
export function fixtureToken(file: string, name: string): string {
  const text = readFileSync(join(import.meta.dirname, 'fixtures', file), 'utf8');
  const match = new RegExp(`${name} = '([^']+)'`).exec(text);
  if (!match?.[1]) throw new Error(`fixtures/${file} has no ${name}`);
  return match[1];
}

/** JWT: Import Key from the clipboard, as most people paste a key in: `text` (a PEM or JWK, not a shared secret) saved as ring id `id` in this workspace. */
export async function importKeyFromClipboard(editor: EditorSession, text: string, id: string): Promise<void> {
  await editor.page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await editor.runCommand('JWT: Import Key', { opensInput: true });
  await answerStep(editor, 'Import Key', '1/4', 'Clipboard');
  await answerStep(editor, 'Import Key', '2/4', id);
  await answerStep(editor, 'Import Key', '3/4', 'This workspace');
  await answerStep(editor, 'Import Key', '4/4', 'Save');
  await editor.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
}

/** Puts a fresh RS256 key into the ring under the id portal.jwt.yaml names, opens the profile, and returns the key's public half. */
export async function openPortalWithItsKey(editor: EditorSession): Promise<KeyObject> {
  await editor.waitForActivation();
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  await importKeyFromClipboard(editor, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ap-e2e');
  await editor.openFile('portal.jwt.yaml');
  return publicKey;
}

/** The page inside the webview (VS Code nests it in two frames). */
export function tokenEditorPage(editor: EditorSession): FrameLocator {
  // Webviews are drawn over the editor area, outside the editor group's DOM; hidden ones stay in the page.
  return editor.page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}

/** Picks `label` in a vscode-single-select: its open list lives in the element's shadow root. */
export async function chooseOption(page: FrameLocator, select: string, label: string): Promise<void> {
  await page.locator(select).click();
  await page.locator(`${select} li[role="option"]`, { hasText: label }).first().click();
}

/** Opens `file` and then the Token Editor on it from the palette, as a person would with F1. */
export async function openInTokenEditor(editor: EditorSession, file: string): Promise<FrameLocator> {
  await editor.openFile(file);
  await editor.runCommand('JWT: Open in Token Editor');
  return tokenEditorPage(editor);
}

/** The value a form control holds (vscode-* elements expose it as `value`). */
export async function valueOf(control: Locator): Promise<string> {
  return control.evaluate((el) => String((el as HTMLInputElement).value ?? ''));
}

/** The YAML text of the profile, shown beside the form with "Edit as YAML". */
export async function yamlBeside(editor: EditorSession, page: FrameLocator): Promise<string> {
  await page.locator('#open-text').click();
  await editor.page.locator('.editor-group-container.active .tab.active', { hasText: '.jwt.yaml' }).waitFor({ timeout: timeouts.ui });
  await editor.activeEditor().locator('.view-lines .view-line').first().waitFor({ timeout: timeouts.ui });
  // Keys typed next must reach the YAML, not the page's button that opened it (focus moves a moment later).
  await editor.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: timeouts.ui });
  return activeEditorText(editor);
}

/** The colour themes journeys look at, by the labels the picker shows on every supported VS Code (the ids lost their "Default " prefix in 1.10x). */
export const THEMES = [
  ['Light Modern', 'light'],
  ['Dark Modern', 'dark'],
  ['Dark High Contrast', 'high-contrast'],
] as const;

/** Picks a colour theme from the palette, as a person would, and waits until the webview `body` wears it. */
export async function pickColorTheme(editor: EditorSession, body: Locator, theme: string, name: 'light' | 'dark' | 'high-contrast'): Promise<void> {
  await editor.runCommand('Preferences: Color Theme', { opensInput: true });
  const input = editor.page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(theme);
  await editor.page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first().waitFor({ timeout: timeouts.ui });
  await input.press('Enter');
  await editor.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
  const themeClass = name === 'light' ? 'vscode-light' : name === 'dark' ? 'vscode-dark' : 'vscode-high-contrast';
  await poll(`the ${name} theme in the Token Editor`, timeouts.ui, async () => (await body.getAttribute('class'))?.split(/\s+/).includes(themeClass));
  await editor.page.waitForTimeout(300);
}
