// Tokens in source files: hover, inline hints, diagnostics and their fixes,
// in the real editor. Ring keys get there the way a person's do: JWT: Import Key.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeToken, signToken } from '../../src/core';
import type { KeyMaterial } from '../../src/core';
import type { EditorSession } from './harness';
import { journey, normalize, poll, timeouts } from './harness';
import { activeEditorText, expectNoErrors, importKeyFromClipboard, fixtureToken, hoverShows } from './journeys';

const tokenNamed = (name: string): string => fixtureToken('tokens/tokens.ts', name);
const expiredToken = tokenNamed('expiredToken');
const hostileToken = tokenNamed('hostileToken');

const ringKey: KeyMaterial = {
  kid: 'e2e-ring-hs256',
  alg: 'HS256',
  use: 'sig',
  kty: 'oct',
  size: '256 bits',
  privateJwk: { kty: 'oct', k: Buffer.from('e2e ring secret, 32 bytes long!!').toString('base64url'), alg: 'HS256', kid: 'e2e-ring-hs256' },
};

/** Puts the ring key into the editor's key ring through JWT: Import Key, as a pasted JWK. */
const importRingKey = (editor: EditorSession) => importKeyFromClipboard(editor, JSON.stringify(ringKey.privateJwk), 'e2e-ring');

const expOf = (token: string): number => {
  const decoded = decodeToken(token);
  assert.ok(decoded.ok, 'the token decodes');
  return decoded.token.claims?.exp as number;
};

journey('tokens: hover shows the payload and expiry of an expired token', { fixture: 'tokens' }, async (editor) => {
  await editor.waitForActivation();
  // A ring key of the same algorithm whose kid does not match: "no matching key".
  await importRingKey(editor);
  await hoverShows(editor, 'tokens.ts', expiredToken, [
    '"name": "Grace Hopper"',
    /exp: expired .+ ago · 2025-03-02T14:20:00Z/,
    /no matching key/i,
    'Open decoded',
    'Copy Payload JSON',
    'Verify with Key',
  ]);
  await expectNoErrors(editor);
});

journey('tokens: an inline hint follows each token', { fixture: 'tokens', settings: { 'editor.inlayHints.maximumLength': 0 } }, async (editor) => {
  await editor.waitForActivation();
  await importRingKey(editor);
  await editor.openFile('tokens.ts');
  const text = await poll('the inline hints', timeouts.ui, async () => {
    const shown = await activeEditorText(editor);
    // Signature words arrive a moment later, once the key ring has answered.
    return /e2e-user · expires in \d+ years? · no key/.test(shown) && shown.includes('HS256 · e2e-expired · expired') ? shown : undefined;
  }).catch(async (error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\neditor shows:\n${await activeEditorText(editor)}`);
  });
  assert.match(text, /e2e-user · expires in \d+ years? · no key/);
  await expectNoErrors(editor);
});

// Wrapped, so the whole token is on screen and can be read back after the fix.
journey('tokens: a live ring-signed token is flagged and re-signed by the fix', { fixture: 'tokens', settings: { 'editor.wordWrap': 'on' } }, async (editor) => {
  await editor.waitForActivation();
  await importRingKey(editor);
  const signed = await signToken({ key: ringKey, claims: { sub: 'live-user', role: 'ADMIN' }, ttlSeconds: 600, now: Date.now() - 60_000 });
  assert.ok(signed.ok);
  const live = signed.token;
  writeFileSync(join(editor.workspace, 'live.ts'), `// A credential that should not be here.\nexport const apiToken = '${live}';\n`);
  await editor.openFile('live.ts');
  // The diagnostic's message shows in the hover next to the decoded token.
  await editor.hoverText(live, /Live credential in source: signed by ring key 'e2e-ring' \(kid e2e-ring-hs256\)/);
  const hover = editor.page.locator('.monaco-hover:not(.hidden)').first();
  await poll('the decoded part of the hover', timeouts.ui, async () => /Signature verified by key 'e2e-ring' \(kid e2e-ring-hs256\)/.test(normalize(await hover.innerText())));
  await editor.page.locator('.squiggly-warning').first().waitFor({ timeout: timeouts.ui });
  // Quick fix from the keyboard, as a person would.
  await editor.page.keyboard.press('Escape');
  await editor.revealText(live);
  const fix = editor.page.locator('.action-widget .monaco-list-row', { hasText: "Re-sign with key 'e2e-ring' (kid e2e-ring-hs256)" }).first();
  // A request made while the diagnostics are being refreshed can come back empty: ask again.
  await poll('the re-sign quick fix', timeouts.ui, async () => {
    await editor.page.keyboard.press('Control+.');
    if (await fix.waitFor({ timeout: 2_000 }).then(() => true, () => false)) return true;
    await editor.page.keyboard.press('Escape');
    return false;
  });
  // The preferred fix is listed first and focused; Enter applies it.
  await editor.page.keyboard.press('Enter');
  // Save, then read the token back from disk (the screen also shows the inline hint).
  const fresh = await poll('the token to be replaced and saved', timeouts.ui, async () => {
    await editor.page.keyboard.press('Control+S');
    const match = /apiToken = '(eyJ[A-Za-z0-9_.-]+)'/.exec(readFileSync(join(editor.workspace, 'live.ts'), 'utf8'));
    return match?.[1] && match[1] !== live ? match[1] : undefined;
  });
  assert.ok(expOf(fresh) > expOf(live), 'the re-signed token expires later');
  await expectNoErrors(editor);
});

journey('tokens: a payload with markdown, HTML and command links renders as plain text', { fixture: 'tokens' }, async (editor) => {
  await editor.waitForActivation();
  const text = await hoverShows(editor, 'tokens.ts', hostileToken, ['"name": "[Click to refresh](command:workbench.action.terminal.sendSequence', '<img src=x onerror=alert(1)>"']);
  assert.ok(text.includes('"sub": "alice"'));
  const hover = editor.page.locator('.monaco-hover:not(.hidden)').first();
  assert.equal(await hover.locator('img').count(), 0, 'no image element in the hover');
  const hrefs = await hover.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? ''));
  for (const href of hrefs) assert.ok(!href.includes('workbench.action.terminal'), `a link to a foreign command: ${href}`);
  await expectNoErrors(editor);
});
