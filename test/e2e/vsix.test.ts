// What ships works: the packaged .vsix, installed with the editor's own
// `--install-extension`, passes the same smoke checks as the development folder.
import assert from 'node:assert/strict';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before } from 'node:test';
import { extensionFolderName, projectRoot } from '../../scripts/editor-host.mjs';
import { editor, journey, packagedVsix } from './harness';
import { decodeFromPalette, expectCleanActivation, expectNoErrors, hoverShows } from './journeys';

const vsix = process.env.JWT_STUDIO_VSIX ?? join(projectRoot, 'dist', 'jwt-studio.vsix');
const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'basic', 'session.ts'), 'utf8');
const validToken = /validToken = '([^']+)'/.exec(fixture)?.[1] ?? '';

// The packaged extension is checked on the newest editor only (its journey is not in the smoke set).
if (editor.id === 'newest') before(() => {
  const started = Date.now();
  packagedVsix();
  console.log(`  packaged ${vsix} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

journey('packaged vsix installs and passes the smoke journey', { fixture: 'basic', vsix }, async (editor) => {
  const installed = join(editor.dir, 'extensions', extensionFolderName());
  assert.equal(lstatSync(installed).isSymbolicLink(), false, 'the extension should be unpacked from the .vsix, not linked');
  await expectCleanActivation(editor);
  await hoverShows(editor, 'session.ts', validToken, ['"name": "Ada Lovelace"', /expires in /i]);
  await decodeFromPalette(editor, 'session.ts', validToken, ['"kid": "e2e-key"', '"role": "EDITOR"']);
  await expectNoErrors(editor);
});
