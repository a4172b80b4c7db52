// A workspace from a repository someone else controls, in the real editor: a
// preset whose embed URL would hand the token to another extension is refused
// on its own file, a redirect path that a browser reads as another host is
// refused before anything reaches the clipboard, and a lifetime made of two
// hundred thousand spaces is flagged at once while the editor stays responsive.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { journey, poll, timeouts } from './harness';
import type { EditorSession } from './harness';
import { importKeyFromClipboard } from './journeys';

/** An error squiggle shows in the active editor, and hovering `text` shows `expected`. */
async function squiggleSays(editor: EditorSession, text: string, expected: RegExp): Promise<void> {
  await editor.activeEditor().locator('.squiggly-error').first().waitFor({ timeout: timeouts.ui });
  await editor.hoverText(text, expected);
}

journey('hostile workspace: a vscode:// preset, a redirect to another host and a lifetime of spaces are refused', {
  fixture: 'hostile',
  files: { 'spaces.jwt.yaml': `preset: generic\nkey: none-yet\nttl: "1${' '.repeat(200_000)}x"\nclaims:\n  sub: ada\n` },
}, async (editor) => {
  await editor.waitForActivation();

  // The preset file itself says why it was not loaded.
  await editor.openFile('.vscode/jwt-presets/launcher.yaml');
  await squiggleSays(editor, 'vscode://other.extension', /"vscode:" URLs are refused/);

  // A lifetime two hundred thousand spaces long: the diagnostic arrives, and the editor still answers.
  await editor.openFile('spaces.jwt.yaml');
  await squiggleSays(editor, '"1   ', /`ttl` must be a positive lifetime/);

  // A redirect path that leaves the site: nothing is copied, and the message says why.
  const secret = { kty: 'oct', alg: 'HS256', k: randomBytes(32).toString('base64url') };
  await importKeyFromClipboard(editor, JSON.stringify(secret), 'mb-e2e');
  await editor.openFile('redirect.jwt.yaml');
  await editor.page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await editor.runCommand('JWT: Copy Embed URL');
  const refusal = await poll('an error that names the redirect', timeouts.ui, async () =>
    (await editor.notifications()).find((n) => n.severity === 'error' && /returnTo|another (host|site)|same (origin|site)/i.test(n.message)),
  );
  assert.doesNotMatch(refusal.message, /eyJ/, 'the message carries no token');
  assert.equal(await editor.page.evaluate(() => navigator.clipboard.readText()), 'nothing yet', 'nothing reached the clipboard');
  await editor.screenshot('hostile-redirect-refused');
  assert.deepEqual(editor.extensionLogErrors(), []);
  assert.deepEqual(editor.extensionHostErrors(), []);
});
