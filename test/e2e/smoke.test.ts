// First journeys on the development folder: activation, a palette command,
// and the hover on a token in a TypeScript file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { journey } from './harness';
import { decodeFromPalette, expectCleanActivation, expectNoErrors, hoverShows } from './journeys';

const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'basic', 'session.ts'), 'utf8');
const tokenNamed = (name: string): string => {
  const match = new RegExp(`${name} = '([^']+)'`).exec(fixture);
  if (!match?.[1]) throw new Error(`fixtures/basic/session.ts has no ${name}`);
  return match[1];
};
const validToken = tokenNamed('validToken');
const expiredToken = tokenNamed('expiredToken');

journey('activates without errors', { fixture: 'basic' }, async (editor) => {
  await expectCleanActivation(editor);
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

journey('hover on a token in a ts file shows its payload', { fixture: 'basic' }, async (editor) => {
  await editor.waitForActivation();
  await hoverShows(editor, 'session.ts', expiredToken, ['"name": "Grace Hopper"', /expired .+ ago/i]);
  await hoverShows(editor, 'session.ts', validToken, ['"name": "Ada Lovelace"', '"kid": "e2e-key"', /expires in /i]);
  await expectNoErrors(editor);
});
