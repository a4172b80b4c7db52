// Token profiles (*.jwt.yaml) in the real editor: completions, diagnostics,
// and an embed URL whose token verifies against the ring key that signed it.
import assert from 'node:assert/strict';
import { importSPKI, jwtVerify } from 'jose';
import { journey, poll, timeouts } from './harness';
import { activeEditorText, expectNoErrors, openPortalWithItsKey, tokenEditorPage } from './journeys';

journey('profiles: accepting a completion fills in an enum value', { fixture: 'profiles' }, async (editor) => {
  await editor.waitForActivation();
  await editor.openFile('draft.jwt.yaml');
  await editor.revealText('piecesFilterType: ');
  await editor.page.keyboard.press('End');
  await editor.page.keyboard.type('ALLO');
  const row = editor.page.locator('.suggest-widget .monaco-list-row', { hasText: 'ALLOWED' }).first();
  // The provider arrives with the profile bundle, a moment after the file opens: ask again until it answers.
  await poll('the ALLOWED completion', timeouts.ui, async () => {
    await editor.page.keyboard.press('Control+Space');
    return row.waitFor({ timeout: 2_000 }).then(() => true, () => false);
  });
  await editor.screenshot('profiles-completion');
  await editor.page.keyboard.press('Enter');
  await poll('the accepted value in the editor', timeouts.ui, async () => (await activeEditorText(editor)).includes('piecesFilterType: ALLOWED'));
  assert.ok(!(await activeEditorText(editor)).includes('ALLOWEDALLO'), 'the typed prefix was replaced, not kept');
  await expectNoErrors(editor);
});

journey('profiles: a missing required claim is flagged', { fixture: 'profiles' }, async (editor) => {
  await editor.waitForActivation();
  await editor.openFile('draft.jwt.yaml');
  await editor.activeEditor().locator('.squiggly-error').first().waitFor({ timeout: timeouts.ui });
  await editor.hoverText('claims:', /Missing required claim "lastName"/);
  await editor.screenshot('profiles-missing-claim');
  await expectNoErrors(editor);
});

journey('profiles: Copy Embed URL copies a URL whose token the ring key verifies', { fixture: 'profiles' }, async (editor) => {
  const publicKey = await openPortalWithItsKey(editor);
  // Something else on the clipboard first, so a stale value cannot pass.
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await editor.runCommand('JWT: Copy Embed URL');
  // First token to this host: the host is shown in a modal and must be confirmed.
  const dialog = editor.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: timeouts.ui });
  assert.match(await dialog.innerText(), /cloud\.activepieces\.example/);
  await editor.screenshot('profiles-confirm-host');
  await dialog.locator('.dialog-buttons a.monaco-button', { hasText: 'Copy' }).first().click();
  const url = await poll('the embed URL on the clipboard', timeouts.ui, async () => {
    const text = await editor.page.evaluate(() => navigator.clipboard.readText());
    return text.startsWith('https://') ? text : undefined;
  });
  const parsed = new URL(url);
  assert.equal(parsed.origin, 'https://cloud.activepieces.example');
  assert.equal(parsed.pathname, '/embed');
  const token = parsed.searchParams.get('jwtToken');
  assert.ok(token, 'the URL carries the token');
  const key = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
  const { payload, protectedHeader } = await jwtVerify(token, key, { algorithms: ['RS256'] });
  assert.equal(payload.externalUserId, 'user_42');
  assert.equal(payload.lastName, 'Lovelace');
  assert.ok(typeof payload.exp === 'number' && typeof payload.iat === 'number' && payload.exp - payload.iat === 900, 'a 15-minute lifetime');
  assert.ok(protectedHeader.kid, 'the preset requires a kid');

  // The host is remembered: a second copy needs no confirmation.
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await editor.runCommand('JWT: Copy Embed URL');
  await poll('a second embed URL without a dialog', timeouts.ui, async () => (await editor.page.evaluate(() => navigator.clipboard.readText())).startsWith('https://'));
  assert.equal(await dialog.isVisible(), false);
  await expectNoErrors(editor);
});

journey('profiles: the Sign & Copy Token lens signs with the ring key; New Token opens a preset\'s profile in the Token Editor', { smoke: true, fixture: 'profiles' }, async (editor) => {
  const publicKey = await openPortalWithItsKey(editor);
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  // The lens above the profile, clicked as a person would.
  const lens = editor.activeEditor().locator('.codelens-decoration a', { hasText: 'Sign & Copy Token' });
  await lens.waitFor({ timeout: timeouts.ui });
  await lens.click();
  const token = await poll('a signed token on the clipboard', timeouts.ui, async () => {
    const text = await editor.page.evaluate(() => navigator.clipboard.readText());
    return text.startsWith('eyJ') ? text : undefined;
  });
  const key = await importSPKI(publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'RS256');
  const { payload } = await jwtVerify(token, key, { algorithms: ['RS256'] });
  assert.equal(payload.firstName, 'Ada');

  // JWT: New Token asks for the service and opens the new profile in the Token Editor.
  await editor.runCommand('JWT: New Token', { opensInput: true });
  const input = editor.page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('zendesk');
  await editor.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Zendesk' }).first().waitFor({ timeout: timeouts.ui });
  await input.press('Enter');
  const form = tokenEditorPage(editor);
  // Every required claim of the preset is there to fill in.
  for (const claim of ['name', 'email']) await form.locator(`#claim-value-${claim}`).waitFor({ timeout: timeouts.ui });
  assert.equal(await form.locator('#preset').evaluate((el) => (el as HTMLInputElement).value), 'zendesk');
  await editor.page.locator('.tabs-container .tab.active', { hasText: 'zendesk.jwt.yaml' }).waitFor({ timeout: timeouts.ui });
  await editor.screenshot('profiles-new-profile');
  await expectNoErrors(editor);
});
