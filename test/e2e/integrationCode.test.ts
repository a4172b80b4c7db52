// Copy Integration Code in the real editor: from the profile's CodeLens and
// from the Token Editor's button, the code opens in an untitled editor in its
// language and goes to the clipboard; then it is run, with the ring key in the
// environment variable the notification names, and what it prints is checked:
// a token the ring key's public half verifies, with the ring key's kid, and
// the same embed URL Copy Embed URL gives.
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import type { EditorSession } from './harness';
import { journey, poll, timeouts } from './harness';
import { activeEditorText, expectNoErrors, fileDialog, importKeyFromClipboard, pickColorTheme, THEMES, tokenEditorPage } from './journeys';
import { keyPair } from '../keyPairs';
import { missingRuntime, runProgram, type RunnableLanguage } from '../cli/codeRun';

const KEY_ENV = 'JWT_STUDIO_KEY_AP_E2E';

/** A fresh RS256 key in the ring as 'ap-e2e' (the id portal.jwt.yaml names): its PEM, public half and kid. */
async function ringKey(editor: EditorSession): Promise<{ pem: string; publicKey: KeyObject; kid: string }> {
  await editor.waitForActivation();
  const { privateKey, publicKey } = keyPair('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await importKeyFromClipboard(editor, pem, 'ap-e2e');
  // A key pair's default kid is its RFC 7638 thumbprint.
  const kid = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as Parameters<typeof calculateJwkThumbprint>[0]);
  return { pem, publicKey, kid };
}

async function clipboard(editor: EditorSession): Promise<string> {
  return editor.page.evaluate(() => navigator.clipboard.readText());
}

/** Picks the language row whose label starts with `label` in Copy Integration Code's list. */
async function pickLanguage(editor: EditorSession, label: string): Promise<void> {
  const widget = editor.page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'Copy Integration Code' }).waitFor({ timeout: timeouts.ui });
  const row = widget.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: timeouts.ui });
  await row.click();
  await widget.waitFor({ state: 'hidden', timeout: timeouts.ui });
}

/** Waits for the code on the clipboard and for the untitled editor `fileName` beside the profile, in `language`. */
async function codeShown(editor: EditorSession, fileName: string, language: string, firstLine: RegExp): Promise<{ code: string; shown: string }> {
  const code = await poll('the integration code on the clipboard', timeouts.ui, async () => {
    const text = await clipboard(editor);
    return firstLine.test(text) ? text : undefined;
  });
  await editor.page.locator('.editor-group-container.active .tab.active', { hasText: fileName }).waitFor({ timeout: timeouts.ui });
  await editor.page.locator('.statusbar-item[id="status.editor.mode"]', { hasText: language }).waitFor({ timeout: timeouts.ui });
  const shown = await poll('the code in the untitled editor', timeouts.ui, async () => {
    const text = await activeEditorText(editor);
    return text.includes(KEY_ENV) ? text : undefined;
  });
  // What the editor shows is the code that was copied (its first lines: the editor draws only what is on screen).
  const firstShown = shown.split('\n').slice(0, 4).join('\n');
  assert.ok(code.startsWith(firstShown), `the editor shows the copied code:\n${firstShown}`);
  return { code, shown };
}

/** No key in any dress: no PEM armour, no line of the PEM's body, no JWK member of a private key. */
function assertNoKeyMaterial(code: string, pem: string): void {
  assert.doesNotMatch(code, /-----BEGIN|PRIVATE KEY-----/);
  for (const line of pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) assert.ok(!code.includes(line), 'a line of the key is in the code');
  assert.doesNotMatch(code, /"d"\s*:/);
}

/** The notification that says what was copied and where the key is read from. */
async function copiedNotice(editor: EditorSession, language: string, fileName: string, profile = 'portal.jwt.yaml', severity: 'info' | 'warning' = 'info'): Promise<string> {
  const notice = await poll('the "copied" notification', timeouts.ui, async () =>
    (await editor.notifications()).find((n) => n.severity === severity && n.message.includes(`${language} code copied`) && n.message.includes(profile)),
  );
  assert.ok(notice.message.startsWith(`JWT Studio: ${language} code copied: set ${KEY_ENV} to key 'ap-e2e' to run it (or ${KEY_ENV}_FILE to the path of a file holding it).`), notice.message);
  assert.ok(notice.message.includes(`for ${profile}) is open beside the profile as ${fileName}; no key is written into it.`), notice.message);
  return notice.message;
}

/** Runs the copied code with the key in its variable; returns the token and the URL it printed, after checking the token. */
async function runAndVerify(lang: RunnableLanguage, code: string, key: { pem: string; publicKey: KeyObject; kid: string }): Promise<{ token: string; url: string }> {
  const started = Math.floor(Date.now() / 1000);
  const run = await runProgram(lang, code, { [KEY_ENV]: key.pem });
  assert.equal(run.status, 0, `exit ${run.status}: ${run.stderr}`);
  const [token = '', url = '', ...rest] = run.stdout.replace(/\n$/, '').split('\n');
  assert.deepEqual(rest, [], run.stdout);
  const verifier = await importSPKI(key.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
  const { payload, protectedHeader } = await jwtVerify(token, verifier, { algorithms: ['RS256'] });
  assert.deepEqual(protectedHeader, { alg: 'RS256', typ: 'JWT', kid: key.kid });
  assert.equal(payload.externalUserId, 'user_42');
  assert.equal(payload.externalProjectId, 'team_7');
  assert.equal(payload.firstName, 'Ada');
  assert.equal(payload.lastName, 'Lovelace');
  assert.equal(payload.version, 'v3');
  assert.ok(typeof payload.iat === 'number' && payload.iat >= started && payload.iat <= Math.floor(Date.now() / 1000) + 1, 'iat is the time it ran');
  assert.equal((payload.exp as number) - payload.iat, 900, 'the profile\'s 15-minute lifetime, in seconds');
  return { token, url };
}

/** Copy Embed URL's URL (confirming the host the first time), and the token in it. */
async function copiedEmbedUrl(editor: EditorSession, click: () => Promise<void>): Promise<{ url: string; token: string }> {
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await click();
  const dialog = editor.page.locator('.monaco-dialog-box');
  const copyButton = dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Copy' }).first();
  const url = await poll('the embed URL on the clipboard', timeouts.ui, async () => {
    if (await copyButton.isVisible().catch(() => false)) await copyButton.click();
    const text = await clipboard(editor);
    return text.startsWith('https://') ? text : undefined;
  });
  return { url, token: new URL(url).searchParams.get('jwtToken') ?? '' };
}

/** The same URL around two different tokens. */
function sameUrlAround(a: { url: string; token: string }, b: { url: string; token: string }): void {
  assert.ok(a.token && a.url.includes(a.token) && b.token && b.url.includes(b.token));
  assert.equal(a.url.replace(a.token, '<token>'), b.url.replace(b.token, '<token>'));
}

/** portal.jwt.yaml without its embed values. */
const TOKEN_ONLY = readFileSync(join(import.meta.dirname, 'fixtures', 'profiles', 'portal.jwt.yaml'), 'utf8').replace(/\nembed:\n.*\n/, '\n');

journey('integration code: the CodeLens copies jose code that, run with the ring key, prints a token it verifies and the Copy Embed URL URL', { fixture: 'profiles', files: { 'token-only.jwt.yaml': TOKEN_ONLY } }, async (editor) => {
  const key = await ringKey(editor);
  await editor.openFile('portal.jwt.yaml');
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  const lens = editor.activeEditor().locator('.codelens-decoration a', { hasText: 'Copy Integration Code' });
  await lens.waitFor({ timeout: timeouts.ui });
  // Beside Sign & Copy Token.
  const lenses = await editor.activeEditor().locator('.codelens-decoration a').allInnerTexts();
  assert.equal(lenses[lenses.indexOf('Sign & Copy Token') + 1], 'Copy Integration Code', lenses.join(' | '));
  await lens.click();
  const rows = editor.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  await rows.first().waitFor({ timeout: timeouts.ui });
  // Every language, each with its library; those that cannot do all of the profile say so.
  const listed = (await rows.allInnerTexts()).join('\n');
  for (const label of ['Node.js: jose', 'Node.js: jsonwebtoken', 'Python: PyJWT', 'Go: github.com/golang-jwt/jwt/v4', 'Java: com.nimbusds:nimbus-jose-jwt', 'C#: Microsoft.IdentityModel.JsonWebTokens', 'PHP: firebase/php-jwt', 'Ruby: jwt']) {
    assert.ok(listed.includes(label), `${label} is offered:\n${listed}`);
  }
  await editor.screenshot('integration-code-languages');
  await pickLanguage(editor, 'Node.js: jose');

  const { code, shown } = await codeShown(editor, 'issue-token.mjs', 'JavaScript', /^\/\/ Activepieces/);
  assert.match(shown, /Key: JWT_STUDIO_KEY_AP_E2E holds the RSA private key \(PEM\) of 'ap-e2e'/);
  assert.match(code, /from 'jose';/);
  assert.ok(code.includes(`kid: '${key.kid}'`), 'the ring key\'s kid is in the header');
  assertNoKeyMaterial(code, key.pem);
  await copiedNotice(editor, 'Node.js', 'issue-token.mjs');
  await editor.screenshot('integration-code-node');

  // Run it as the README says: the key in the variable the notification names.
  const printed = await runAndVerify('node', code, key);
  // Copy Embed URL from the profile gives the same URL, around its own token with the same kid.
  await editor.page.locator('.tabs-container .tab', { hasText: 'portal.jwt.yaml' }).first().click();
  const copied = await copiedEmbedUrl(editor, () => editor.runCommand('JWT: Copy Embed URL'));
  assert.equal(decodeProtectedHeader(copied.token).kid, key.kid);
  sameUrlAround(printed, copied);
  await expectNoErrors(editor);

  // A profile with problems gets Sign's refusal, with the way to the first one.
  await editor.openFile('draft.jwt.yaml');
  await editor.activeEditor().locator('.squiggly-error').first().waitFor({ timeout: timeouts.ui });
  await editor.runCommand('JWT: Copy Integration Code');
  const refusal = await poll('the refusal', timeouts.ui, async () => (await editor.notifications()).find((n) => n.severity === 'error' && n.message.includes('draft.jwt.yaml has')));
  assert.match(refusal.message, /problems? to fix first; line \d+: /);
  const line = Number(/line (\d+):/.exec(refusal.message)?.[1]);
  await editor.screenshot('integration-code-refused');
  await editor.page.locator('.notification-toast .monaco-button', { hasText: 'Show Problem' }).click();
  await editor.page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col \\d+`) }).waitFor({ timeout: timeouts.ui });
  assert.equal(await editor.page.locator('.quick-input-widget .quick-input-list').isVisible(), false, 'no language was asked for');

  // What the code leaves out makes the notification a warning: here, with no embed values, the URL.
  await editor.openFile('token-only.jwt.yaml');
  await editor.runCommand('JWT: Copy Integration Code', { opensInput: true });
  await pickLanguage(editor, 'Node.js: jose');
  const note = await copiedNotice(editor, 'Node.js', 'issue-token-2.mjs', 'token-only.jwt.yaml', 'warning');
  assert.match(note, /no key is written into it\. Note: The profile sets no embed values, so the code makes the token only/);
  await editor.screenshot('integration-code-note');
});

journey('integration code: the Token Editor button copies PyJWT code; the language is remembered', { fixture: 'profiles', viewport: { width: 1400, height: 900 } }, async (editor) => {
  const key = await ringKey(editor);
  await editor.openFile('portal.jwt.yaml');
  const lens = editor.activeEditor().locator('.codelens-decoration a', { hasText: 'Open in Token Editor' });
  await lens.waitFor({ timeout: timeouts.ui });
  await lens.click();
  const page = tokenEditorPage(editor);
  const button = page.locator('#copy-code');
  await button.waitFor({ timeout: timeouts.ui });
  // The button wears the theme: light, dark and high contrast.
  const body = page.locator('body');
  for (const [theme, name] of THEMES) {
    await pickColorTheme(editor, body, theme, name);
    await button.scrollIntoViewIfNeeded();
    await editor.screenshot(`integration-code-button-${name}`);
  }

  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await button.click();
  await pickLanguage(editor, 'Python: PyJWT');
  const { code } = await codeShown(editor, 'issue_token.py', 'Python', /^#!\/usr\/bin\/env python3\n# Activepieces/);
  assert.match(code, /^import jwt$/m);
  assertNoKeyMaterial(code, key.pem);
  await copiedNotice(editor, 'Python', 'issue_token.py');
  // The form says so too.
  await page.locator('#status', { hasText: `Python code copied: set ${KEY_ENV} to key 'ap-e2e'` }).waitFor({ timeout: timeouts.ui });
  await editor.screenshot('integration-code-python');

  // Save As… from the notification offers the code's own name.
  await editor.page.locator('.notification-toast .monaco-button', { hasText: 'Save As…' }).click();
  const saved = join(editor.workspace, 'issue_token.py');
  const input = editor.page.locator('.quick-input-widget .quick-input-box input');
  await poll('the file name offered', timeouts.ui, async () => (await input.inputValue().catch(() => '')).endsWith('/issue_token.py'));
  await fileDialog(editor, saved);
  await poll('the saved code', timeouts.ui, () => existsSync(saved) && readFileSync(saved, 'utf8') === code);
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'issue_token.py' }).waitFor({ timeout: timeouts.ui });

  const missing = missingRuntime('python');
  if (missing) console.log(`  the Python code is not run: ${missing}`);
  else {
    const printed = await runAndVerify('python', code, key);
    const copied = await copiedEmbedUrl(editor, () => page.locator('#copy-url').click());
    sameUrlAround(printed, copied);
  }

  // From the palette, with the form in front: the language picked last comes first.
  await editor.page.locator('.tabs-container .tab', { hasText: 'portal.jwt.yaml' }).last().click();
  await page.locator('#copy-code').waitFor({ timeout: timeouts.ui });
  await editor.runCommand('JWT: Copy Integration Code', { opensInput: true });
  const first = editor.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
  await poll('Python first in the list', timeouts.ui, async () => (await first.innerText().catch(() => '')).includes('Python: PyJWT'));
  assert.match(await first.innerText(), /last used/);
  await editor.screenshot('integration-code-last-used');
  await editor.page.keyboard.press('Escape');
  await expectNoErrors(editor);
});
