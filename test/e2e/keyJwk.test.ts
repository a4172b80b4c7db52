// A key's JWK from the Keys view, as a person would reach it: right-click the key, "Show Key JWK".
// The public JWK opens read-only, holds the public members only and is the same key as the PEM it
// was imported from and as "JWT: Export Public Key" gives; the private JWK appears only once the
// confirmation is accepted.
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { EditorSession } from './harness';
import { journey, poll, timeouts } from './harness';
import { answerStep, expectCleanActivation, expectNoErrors, fromContextMenu, importKeyFromClipboard, keyRow, showKeysView } from './journeys';
import { keyPair } from '../keyPairs';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

function tab(editor: EditorSession, title: string) {
  return editor.page.locator('.tabs-container .tab', { hasText: title });
}

/** The whole text of the active editor, copied the way a person would (Ctrl+A, Ctrl+C). */
async function copiedEditorText(editor: EditorSession): Promise<string> {
  await editor.page.evaluate(() => navigator.clipboard.writeText(''));
  await editor.activeEditor().locator('.view-lines').click();
  await editor.page.keyboard.press('Control+A');
  await editor.page.keyboard.press('Control+C');
  return poll('the editor text on the clipboard', timeouts.ui, async () => (await editor.page.evaluate(() => navigator.clipboard.readText())) || undefined);
}

journey('key jwk: the Keys view shows a key pair\'s public JWK read-only, the private one only after confirming', { fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  const { privateKey, publicKey } = keyPair('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  await importKeyFromClipboard(editor, pem, 'jwk-e2e');
  await showKeysView(editor);
  await keyRow(editor, 'jwk-e2e').waitFor({ timeout: timeouts.ui });

  // ---- the public JWK, from the context menu
  await fromContextMenu(editor, keyRow(editor, 'jwk-e2e'), 'Show Key JWK');
  const publicTab = tab(editor, 'jwk-e2e (kid ');
  await publicTab.waitFor({ timeout: timeouts.ui });
  assert.match((await publicTab.innerText()).replace(/\n/g, ''), /^jwk-e2e \(kid [A-Za-z0-9_-]{8}…\)\.jwk\.json/);
  const shown = JSON.parse(await copiedEditorText(editor)) as Record<string, unknown>;
  assert.equal(shown.kty, 'RSA');
  assert.equal(shown.alg, 'RS256');
  assert.equal(shown.use, 'sig');
  assert.equal(typeof shown.kid, 'string');
  assert.deepEqual(Object.keys(shown).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use']);
  for (const m of PRIVATE_MEMBERS) assert.ok(!(m in shown), `the public JWK has no "${m}"`);
  // Outside the editor: the JWK is the public half of the key that was imported.
  const fromJwk = createPublicKey({ key: shown as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  assert.equal(fromJwk, publicKey.export({ type: 'spki', format: 'pem' }));

  // Read-only: typing changes nothing and the tab never turns dirty.
  const before = await copiedEditorText(editor);
  await editor.activeEditor().locator('.view-lines').click();
  await editor.page.keyboard.press('Control+End');
  await editor.page.keyboard.type('tampered');
  await editor.page.keyboard.press('Enter');
  assert.equal(await copiedEditorText(editor), before);
  assert.equal(await publicTab.evaluate((el) => el.classList.contains('dirty')), false, 'the JWK tab is not dirty');
  await editor.page.keyboard.press('Control+Home');
  await editor.screenshot('key-jwk-public');

  // The same JWK "JWT: Export Public Key" copies.
  await editor.page.evaluate(() => navigator.clipboard.writeText(''));
  await editor.runCommand('JWT: Export Public Key', { opensInput: true });
  await answerStep(editor, 'Export Public Key', '1/3', 'jwk-e2e');
  await answerStep(editor, 'Export Public Key', '2/3', 'JWK');
  await answerStep(editor, 'Export Public Key', '3/3', 'Copy to the clipboard');
  const exported = await poll('the exported JWK on the clipboard', timeouts.ui, async () => (await editor.page.evaluate(() => navigator.clipboard.readText())) || undefined);
  assert.deepEqual(JSON.parse(exported), shown);

  // ---- the private JWK: Cancel shows nothing
  const privateTab = tab(editor, '.private.jwk.json');
  const dialog = editor.page.locator('.monaco-dialog-box');
  await fromContextMenu(editor, keyRow(editor, 'jwk-e2e'), 'Show Private Key JWK…');
  await dialog.waitFor({ timeout: timeouts.ui });
  const words = await dialog.innerText();
  assert.match(words, /Show the private key of key 'jwk-e2e' \(kid [^)]+\)\?/);
  assert.match(words, /d, p, q, dp, dq, qi/);
  assert.match(words, /This is a secret/);
  await editor.screenshot('key-jwk-private-confirm');
  await dialog.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
  await dialog.waitFor({ state: 'detached', timeout: timeouts.ui });
  await editor.page.waitForTimeout(500);
  assert.equal(await privateTab.count(), 0, 'no private JWK after Cancel');

  // ---- confirmed: the private JWK, the same key as the PEM
  await fromContextMenu(editor, keyRow(editor, 'jwk-e2e'), 'Show Private Key JWK…');
  await dialog.waitFor({ timeout: timeouts.ui });
  await dialog.locator('.monaco-button', { hasText: 'Show Private Key' }).first().click();
  await privateTab.waitFor({ timeout: timeouts.ui });
  const secret = JSON.parse(await copiedEditorText(editor)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(secret), ['kty', 'kid', 'use', 'alg', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi']);
  assert.equal(secret.kid, shown.kid);
  assert.equal(createPrivateKey({ key: secret as never, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }), pem);
  await editor.page.evaluate(() => navigator.clipboard.writeText(''));
  await editor.page.keyboard.press('Control+Home');
  await editor.screenshot('key-jwk-private');
  // Closing the tab is the end of it: nothing is left open with the secret.
  await editor.page.keyboard.press('Control+W');
  await privateTab.waitFor({ state: 'detached', timeout: timeouts.ui });
  assert.doesNotMatch(editor.extensionLog(), new RegExp(String(secret.d).slice(0, 24)), 'the private key is not in the log');

  // ---- renaming the key moves its public tab to the new name
  await editor.runCommand('JWT: Rename Key', { opensInput: true });
  await answerStep(editor, 'Rename Key', '1/2', 'jwk-e2e');
  await answerStep(editor, 'Rename Key', '2/2', 'jwk-renamed');
  await tab(editor, 'jwk-renamed (kid ').waitFor({ timeout: timeouts.ui });
  await publicTab.waitFor({ state: 'detached', timeout: timeouts.ui });
  await expectNoErrors(editor);
});
