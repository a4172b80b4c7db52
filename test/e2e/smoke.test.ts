// First journeys on the development folder: activation, a palette command,
// and the hover on a token in a TypeScript file.
import assert from 'node:assert/strict';
import { journey, poll, timeouts } from './harness';
import { decodeFromPalette, expectCleanActivation, expectNoErrors, fixtureToken, hoverShows } from './journeys';

const tokenNamed = (name: string): string => fixtureToken('basic/session.ts', name);
const validToken = tokenNamed('validToken');
const expiredToken = tokenNamed('expiredToken');

journey('activates without errors; the token core loads only once a file holds a token', { smoke: true, fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
  // Activation and a file without tokens leave decoding, keys and crypto unloaded.
  await editor.openFile('notes.md');
  await editor.settle();
  assert.doesNotMatch(editor.extensionLog(), /Token core loaded/);
  // A visible token (its inline hint) loads it.
  await editor.openFile('session.ts');
  await poll('the token core to load for the tokens in session.ts', timeouts.ui, () => /Token core loaded in [\d.]+ ms/.test(editor.extensionLog()));
  // A contributed command from the palette: its output channel comes up.
  await editor.runCommand('JWT: Show Log');
  await editor.page.locator('.panel .monaco-editor .view-lines', { hasText: 'activated' }).waitFor();
  await expectNoErrors(editor);
});

journey('decodes the token at the cursor from the palette', { fixture: 'basic' }, async (editor) => {
  await editor.waitForActivation();
  await decodeFromPalette(editor, 'session.ts', validToken, ['"alg": "HS256"', '"kid": "e2e-key"', '"name": "Ada Lovelace"', '"role": "EDITOR"']);
  await expectNoErrors(editor);
});

journey('hover on a token in a ts file shows its payload', { smoke: true, fixture: 'basic' }, async (editor) => {
  await editor.waitForActivation();
  await hoverShows(editor, 'session.ts', expiredToken, ['"name": "Grace Hopper"', /expired .+ ago/i]);
  await hoverShows(editor, 'session.ts', validToken, ['"name": "Ada Lovelace"', '"kid": "e2e-key"', /expires in /i]);
  await expectNoErrors(editor);
});
