// Steps the journeys share, so the development folder and the packaged
// .vsix are held to exactly the same checks.
import assert from 'node:assert/strict';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { FrameLocator, Locator } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EditorSession } from './harness';
import { HoverClosed, normalize, poll, timeouts } from './harness';
import { keyPair } from '../keyPairs';

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

/** The Keys view in the JWT Studio side bar. */
export function keysView(editor: EditorSession) {
  return editor.page.locator('.pane', { has: editor.page.locator('.pane-header', { hasText: 'Keys' }) });
}

export async function showKeysView(editor: EditorSession): Promise<void> {
  await editor.runCommand('View: Show JWT Studio');
  await keysView(editor).waitFor({ timeout: timeouts.ui });
}

/** A key's row in the Keys view. */
export function keyRow(editor: EditorSession, id: string) {
  return keysView(editor).locator('.monaco-list-row', { hasText: id });
}

/** Right-clicks a row (of the Keys view, say) and picks `action` from its context menu. */
export async function fromContextMenu(editor: EditorSession, row: Locator, action: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = editor.page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: new RegExp(`^${action}$`) });
  await item.first().waitFor({ timeout: timeouts.ui });
  // A menu ignores a click that comes right after it opened (the right-click's own release).
  await item.first().hover();
  await editor.page.waitForTimeout(300);
  await item.first().click();
  const menu = editor.page.locator('.monaco-menu');
  await poll(`the context menu to close after "${action}"`, timeouts.ui, async () => {
    if ((await menu.count()) === 0 || !(await menu.first().isVisible())) return true;
    await editor.page.keyboard.press('Enter');
    return false;
  }, 500);
}

/** JWT: Import Key from the clipboard, as most people paste a key in: `text` (a PEM or JWK, not a shared secret) saved as ring id `id` in this workspace, for the algorithm it gets without choosing. */
export async function importKeyFromClipboard(editor: EditorSession, text: string, id: string): Promise<void> {
  await importKeyWithAnswers(editor, text, id);
}

/**
 * Whether Import Key asks what a single key is for: an RSA, EC or X25519 key whose text does not
 * name its algorithm (a JWK's "alg"; a "use" that leaves one algorithm). An Ed25519 key is asked
 * only when it is private: which name its tokens carry, EdDSA or Ed25519 (a public one checks both).
 */
export function importAsksPurpose(text: string): boolean {
  if (!text.trimStart().startsWith('{')) {
    const type = createPublicKey(text).asymmetricKeyType;
    return type !== 'ed25519' || text.includes('PRIVATE KEY');
  }
  const jwk = JSON.parse(text) as { kty?: string; crv?: string; alg?: string; use?: string; keys?: unknown; d?: string };
  if (jwk.keys !== undefined || jwk.kty === 'oct' || jwk.alg !== undefined) return false;
  if (jwk.crv === 'Ed25519') return jwk.d !== undefined;
  // An EC key marked "use": "sig" has one algorithm: ES* for its curve.
  return !(jwk.kty === 'EC' && jwk.use === 'sig');
}

/**
 * JWT: Import Key from the clipboard, answering each step as it comes and checking its "n/total":
 * `purpose` is typed into "what is the key for?" (or, for a shared secret, its algorithm list),
 * `kid` into the kid step (empty keeps the default). A shared secret is any text that is not a PEM or JSON.
 */
export async function importKeyWithAnswers(editor: EditorSession, text: string, id: string, answers: { purpose?: string; kid?: string } = {}): Promise<void> {
  const secret = !/^\s*[[{]/.test(text) && !text.includes('-----BEGIN');
  // A JWK Set: its keys are never asked about; a set of one key still gets a kid and a ring id.
  const parsed: unknown = secret || text.includes('-----BEGIN') ? undefined : JSON.parse(text);
  const members = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | undefined)?.keys;
  const set = Array.isArray(members);
  const purpose = secret || (!set && importAsksPurpose(text));
  const total = 1 + (purpose ? 1 : 0) + (set && members.length !== 1 ? 0 : 2) + 2;
  let step = 1;
  const next = (): string => `${++step}/${total}`;
  await editor.page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await editor.runCommand('JWT: Import Key', { opensInput: true });
  // The source comes before the key is read, so it shows no total.
  await answerStep(editor, 'Import Key', '(1)', 'Clipboard');
  if (purpose) await answerStep(editor, 'Import Key', next(), answers.purpose);
  if (!set || members.length === 1) {
    await answerStep(editor, 'Import Key', next(), answers.kid);
    await answerStep(editor, 'Import Key', next(), id);
  }
  await answerStep(editor, 'Import Key', next(), 'This workspace');
  await answerStep(editor, 'Import Key', next(), 'Save');
  await editor.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
}

/**
 * JWT: Generate Key through its quick picks: `algorithm` typed into the first list, `detail` into the
 * second (RSA modulus, ECDH curve, dir enc, PBES2 variant) when the algorithm has one; saved as `id`
 * in this workspace, with `kid` when given. `firstStep` is what the first list's count reads ("(1)"
 * when its choices lead to different numbers of steps). Waits for the saved message.
 */
export async function generateKeyWithAnswers(
  editor: EditorSession,
  answers: { algorithm?: string; detail?: string; id: string; kid?: string; firstStep?: string },
): Promise<void> {
  const title = 'Generate Key';
  const total = answers.detail !== undefined ? 6 : 5;
  await editor.runCommand('JWT: Generate Key', { opensInput: true });
  await answerStep(editor, title, answers.firstStep ?? '(1)', answers.algorithm);
  let step = 1;
  const next = (): string => `${++step}/${total}`;
  if (answers.detail !== undefined) await answerStep(editor, title, next(), answers.detail);
  await answerStep(editor, title, next(), answers.id);
  await answerStep(editor, title, next());
  await answerStep(editor, title, next(), answers.kid);
  await answerStep(editor, title, next(), 'This workspace');
  await poll(`the saved message for ${answers.id}`, timeouts.ui * 2, async () =>
    (await editor.notifications()).some((n) => n.message.includes(`Key '${answers.id}'`) && n.message.includes('saved')),
  );
}

/** Puts a fresh RS256 key into the ring under the id portal.jwt.yaml names, opens the profile, and returns the key's public half. */
export async function openPortalWithItsKey(editor: EditorSession): Promise<KeyObject> {
  await editor.waitForActivation();
  const { privateKey, publicKey } = keyPair('rsa', { modulusLength: 2048 });
  await importKeyFromClipboard(editor, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'ap-e2e');
  await editor.openFile('portal.jwt.yaml');
  return publicKey;
}

/** The page inside the webview (VS Code nests it in two frames). */
export function tokenEditorPage(editor: EditorSession): FrameLocator {
  // Webviews are drawn over the editor area, outside the editor group's DOM; hidden ones stay in the page.
  return editor.page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}

/** Accepts the simple file dialog of the web workbench with an absolute path. */
export async function fileDialog(editor: EditorSession, path: string): Promise<void> {
  const input = editor.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: timeouts.ui });
  // The dialog fills in its starting folder (and, when saving, a file name) a
  // moment after it opens: typing before that value settles gets mixed into it.
  let last = '';
  await poll('the file dialog to settle', timeouts.ui, async () => {
    const value = await input.inputValue();
    const settled = value.startsWith('/') && value === last;
    last = value;
    return settled;
  }, 400);
  await poll(`the file dialog to hold ${path}`, timeouts.ui, async () => {
    if ((await input.inputValue()) !== path) await input.fill(path);
    await editor.page.waitForTimeout(200);
    return (await input.inputValue()) === path;
  });
  await input.press('Enter');
  // Closed, or already replaced by the command's next step (which reuses the widget).
  const widget = editor.page.locator('.quick-input-widget');
  await poll('the file dialog to close', timeouts.ui, async () => !(await widget.isVisible()) || (await input.inputValue().catch(() => '')) !== path);
}

/**
 * Types `text` over a form field's value from the keyboard, as a person would, without committing it.
 * Shift+Home selects the old value. Not Ctrl+A: the workbench also handles that one for webviews and
 * sends a select-all back into the page some milliseconds later, which could land mid-word.
 */
export async function typeOver(editor: EditorSession, field: Locator, text: string): Promise<void> {
  await field.click();
  await editor.page.keyboard.press('End');
  await editor.page.keyboard.press('Shift+Home');
  await editor.page.keyboard.type(text);
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
