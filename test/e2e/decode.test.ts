// JWT: Decode Token when there is no token under the cursor: the token comes
// from the clipboard (a copied Authorization header), and a malformed one
// pasted into the input box gets an error that says what is wrong. An SD-JWT
// presentation in a file: one token on hover and in the decoded view.
import assert from 'node:assert/strict';
import { journey, poll, timeouts } from './harness';
import { activeEditorText, decodeFromPalette, expectNoErrors, fixtureToken, hoverShows } from './journeys';

const validToken = fixtureToken('basic/session.ts', 'validToken');
const presentation = fixtureToken('sdjwt/wallet.ts', 'presentation');

journey('decode: a token from the clipboard, then a malformed one explained', { fixture: 'basic' }, async (editor) => {
  await editor.waitForActivation();
  const page = editor.page;
  const inputBox = page.locator('.quick-input-widget .quick-input-box input');

  // No editor is open: the command offers the token it found on the clipboard.
  await page.evaluate((text) => navigator.clipboard.writeText(text), `Authorization: Bearer ${validToken}`);
  await editor.runCommand('JWT: Decode Token', { opensInput: true });
  await poll('the input box to offer the clipboard token', timeouts.ui, async () => (await inputBox.inputValue().catch(() => '')) === validToken);
  await inputBox.press('Enter');
  await page.locator('.tab.active', { hasText: 'Decoded token' }).waitFor({ timeout: timeouts.ui });
  const shown = await poll('the decoded view', timeouts.ui, async () => {
    const text = await activeEditorText(editor);
    return text.includes('"name": "Ada Lovelace"') ? text : undefined;
  });
  assert.match(shown, /"alg": "HS256"/);

  // The cursor is now in the decoded view, on no token: the input box again.
  await page.evaluate(() => navigator.clipboard.writeText('nothing to see here'));
  await editor.runCommand('JWT: Decode Token', { opensInput: true });
  await poll('an empty input box', timeouts.ui, async () => (await inputBox.isVisible()) && (await inputBox.inputValue()) === '');
  await inputBox.fill('eyJhbGciOiJIUzI1NiJ9.bad');
  await inputBox.press('Enter');
  const error = await poll('the error notification', timeouts.ui, async () =>
    (await editor.notifications()).find((n) => n.severity === 'error' && n.message.includes('2 segments')),
  );
  assert.match(error.message, /A JWS has 3 segments/);
  await editor.screenshot();
});

journey('decode: an SD-JWT presentation, its disclosures where they go, on hover and in the decoded view', { fixture: 'sdjwt' }, async (editor) => {
  await editor.waitForActivation();
  await hoverShows(editor, 'wallet.ts', presentation, [
    'SD-JWT · ES256 · 4 disclosures · key binding',
    'Issuer signature not checked',
    // No ring key checks the issuer signature here, so matching digests are no pass.
    'Disclosures match the digests (all 4 disclosures placed; 6 digests not disclosed',
    'but the issuer signature is not checked: nothing in them is vouched for yet',
    '1. family_name = "Doe" · at /family_name · salt eluV5Og3gSNII8EYnsxA_A',
    '4. [array element] "US" · at /nationalities/0',
    'Processed claims (disclosures placed)',
    'sd_hash: matches this presentation',
  ]);
  const view = await decodeFromPalette(editor, 'wallet.ts', presentation, ['// SD-JWT · ES256 · 4 disclosures · key binding', '// Disclosures match the digests']);
  // Long comment lines may be wrapped in the view.
  const flat = view.replace(/\s+/g, ' ');
  assert.match(flat, /Disclosures match the digests \(all 4 disclosures placed; .*\), but the issuer signature is not checked/);
  assert.match(flat, /Key binding not checked: the holder signature is not verified here \(its sd_hash does match this presentation\)/);
  assert.doesNotMatch(view, /Presentation intact/);
  await expectNoErrors(editor);
  await editor.screenshot();
});
