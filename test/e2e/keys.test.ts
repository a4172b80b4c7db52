// The key ring in the real editor: generate, see it in the Keys view, export
// the public PEM for a vendor, import a JWKS, delete with confirmation, and
// check that private material never lands anywhere on disk we can see.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EditorSession } from './harness';
import { journey, poll, timeouts } from './harness';
import { answerStep as answer, expectCleanActivation, expectNoErrors, fileDialog, generateKeyWithAnswers, importKeyFromClipboard, keyRow, keysView, showKeysView } from './journeys';
import { keyPair } from '../keyPairs';


async function exportPem(editor: EditorSession, id: string, file: string): Promise<string> {
  await editor.runCommand('JWT: Export Public Key', { opensInput: true });
  await answer(editor, 'Export Public Key', '1/3', id);
  await answer(editor, 'Export Public Key', '2/3', 'PEM');
  await answer(editor, 'Export Public Key', '3/3', 'Save to a file');
  const target = join(editor.workspace, file);
  await fileDialog(editor, target);
  await poll(`${file} to be written`, timeouts.ui, () => existsSync(target) && statSync(target).size > 0);
  return target;
}

journey('key: generate a signing key, see it in the tree, export its public PEM', { smoke: true, fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  await showKeysView(editor);
  await keysView(editor).getByText('No keys yet').waitFor({ timeout: timeouts.ui });
  await generateKeyWithAnswers(editor, { algorithm: 'RS256', detail: 'RSA 2048', id: 'ap-prod' });
  const row = keyRow(editor, 'ap-prod');
  await row.waitFor({ timeout: timeouts.ui });
  assert.match(await row.innerText(), /RS256 · workspace · \d{4}-\d\d-\d\d/);

  const pemFile = await exportPem(editor, 'ap-prod', 'ap-prod.pub.pem');
  const pem = readFileSync(pemFile, 'utf8');
  assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n/);
  assert.doesNotMatch(pem, /PRIVATE/);
  // What a vendor's settings page does with it: parse it as a public key.
  execFileSync('openssl', ['pkey', '-pubin', '-in', pemFile, '-noout'], { stdio: 'pipe' });
  const text = execFileSync('openssl', ['pkey', '-pubin', '-in', pemFile, '-noout', '-text'], { encoding: 'utf8' });
  assert.match(text, /Public-Key: \(2048 bit\)/);
  await expectNoErrors(editor);
});

journey('key: import a JWKS from a file as verify-only keys', { fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  const keys = ['vendor-a', 'vendor-b'].map((kid) => {
    const { publicKey } = keyPair('ec', { namedCurve: 'P-256' });
    return { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
  });
  writeFileSync(join(editor.workspace, 'vendor.jwks.json'), JSON.stringify({ keys }, null, 2));
  await showKeysView(editor);

  await editor.runCommand('JWT: Import Key', { opensInput: true });
  await answer(editor, 'Import Key', '(1)', 'File');
  await fileDialog(editor, join(editor.workspace, 'vendor.jwks.json'));
  // A set keeps each key's own kid and alg: scope and confirm are all that is left, and the count says so.
  await answer(editor, 'Import Key', '2/3', 'This workspace');
  // The last step shows what was recognised before anything is saved.
  const list = editor.page.locator('.quick-input-widget .quick-input-list');
  await list.getByText('vendor-a', { exact: false }).first().waitFor({ timeout: timeouts.ui });
  assert.match(await list.innerText(), /verify-only/);
  await editor.screenshot('key-import-recognised');
  await answer(editor, 'Import Key', '3/3', 'Save');

  for (const id of ['vendor-a', 'vendor-b']) {
    const row = keyRow(editor, id);
    await row.waitFor({ timeout: timeouts.ui });
    assert.match(await row.innerText(), /ES256 · workspace · .*verify-only/);
  }
  await expectNoErrors(editor);
});

journey('key: delete a key after confirming', { fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  await showKeysView(editor);
  await generateKeyWithAnswers(editor, { algorithm: 'ES256', id: 'to-delete' });
  await keyRow(editor, 'to-delete').waitFor({ timeout: timeouts.ui });

  await editor.runCommand('JWT: Delete Key', { opensInput: true });
  await answer(editor, 'Delete Key', '1/1', 'to-delete');
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: timeouts.ui });
  assert.match(await dialog.innerText(), /Delete key 'to-delete' \(kid [^)]+\)\?[\s\S]*cannot be recovered/);
  await editor.screenshot('key-delete-confirm');
  await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
  await keyRow(editor, 'to-delete').waitFor({ state: 'detached', timeout: timeouts.ui });
  await keysView(editor).getByText('No keys yet').waitFor({ timeout: timeouts.ui });
  await expectNoErrors(editor);
});

/** Every file under `dir` (bounded), as paths. */
function filesUnder(dir: string, limit = 5000): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
    if (out.length >= limit) break;
  }
  return out;
}

journey('key: private material appears nowhere on disk', { fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  const { privateKey } = keyPair('ec', { namedCurve: 'P-256' });
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const d = String(privateKey.export({ format: 'jwk' }).d);
  const bodyLines = pkcs8.split('\n').filter((line) => line && !line.startsWith('-----'));
  const needles = [d, ...bodyLines.filter((line) => line.length >= 40)];
  assert.ok(needles.length >= 2);

  await showKeysView(editor);
  await importKeyFromClipboard(editor, pkcs8, 'leak-check');
  const row = keyRow(editor, 'leak-check');
  await row.waitFor({ timeout: timeouts.ui });
  assert.doesNotMatch(await row.innerText(), /verify-only|missing/);
  // Export and generate too, so every write path has run before the scan.
  const pemFile = await exportPem(editor, 'leak-check', 'leak-check.pub.pem');
  execFileSync('openssl', ['pkey', '-pubin', '-in', pemFile, '-noout'], { stdio: 'pipe' });
  await generateKeyWithAnswers(editor, { algorithm: 'EdDSA', id: 'leak-generated' });
  await keyRow(editor, 'leak-generated').waitFor({ timeout: timeouts.ui });
  // Give the log channel and state storage time to reach the disk.
  await editor.page.waitForTimeout(2_000);

  const logFile = editor.extensionLogFile();
  assert.ok(logFile && /Key 'leak-check' added/.test(readFileSync(logFile, 'utf8')), 'the log describes the key');
  const scanned = [
    ...filesUnder(editor.workspace),
    join(editor.userDataDir, 'User', 'settings.json'),
    logFile,
    ...filesUnder(editor.userDataDir).filter((file) => /workspaceStorage|webview|[\\/]logs[\\/]/i.test(file)),
  ].filter((file) => existsSync(file));
  assert.ok(scanned.length > 3, `scanned ${scanned.length} files`);
  const leaks: string[] = [];
  for (const file of scanned) {
    const content = readFileSync(file).toString('latin1');
    for (const needle of needles) if (content.includes(needle)) leaks.push(`${file} holds ${needle.slice(0, 12)}…`);
  }
  assert.deepEqual(leaks, [], 'private key material was written to disk');
  await expectNoErrors(editor);
});

journey('key: an encrypted PEM asks for its passphrase until it opens, then the key is renamed', { fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  const { privateKey } = keyPair('rsa', { modulusLength: 2048 });
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
  assert.match(encrypted, /BEGIN ENCRYPTED PRIVATE KEY/);
  await showKeysView(editor);

  await editor.page.evaluate((text) => navigator.clipboard.writeText(text), encrypted);
  await editor.runCommand('JWT: Import Key', { opensInput: true });
  await answer(editor, 'Import Key', '(1)', 'Clipboard');
  // A wrong passphrase is refused with a next step, and the same question comes back. The key is
  // still unread, so the count has no total yet; once it opens, the total is exact to the end.
  await answer(editor, 'encrypted private key', '(2)', 'battery staple');
  const widget = editor.page.locator('.quick-input-widget');
  await widget.getByText('That passphrase does not open the key', { exact: false }).waitFor({ timeout: timeouts.ui });
  await answer(editor, 'encrypted private key', '(2)', 'correct horse');
  await answer(editor, 'what is the key for', '3/7', 'RS256');
  await answer(editor, 'Import Key', '4/7', 'vendor-kid-7');
  await answer(editor, 'Import Key', '5/7', 'vendor-signing');
  await answer(editor, 'Import Key', '6/7', 'This workspace');
  await answer(editor, 'Import Key', '7/7', 'Save');
  const row = keyRow(editor, 'vendor-signing');
  await row.waitFor({ timeout: timeouts.ui });
  assert.match(await row.innerText(), /RS256 · workspace/);
  assert.doesNotMatch(await row.innerText(), /verify-only/);

  await editor.runCommand('JWT: Rename Key', { opensInput: true });
  await answer(editor, 'Rename Key', '1/2', 'vendor-signing');
  await answer(editor, 'Rename Key', '2/2', 'vendor-signing-2026');
  await keyRow(editor, 'vendor-signing-2026').waitFor({ timeout: timeouts.ui });
  await poll('the old id to leave the tree', timeouts.ui, async () => (await keysView(editor).locator('.monaco-list-row').allInnerTexts()).every((t) => !/vendor-signing(?!-2026)/.test(t)));
  await expectNoErrors(editor);
});
