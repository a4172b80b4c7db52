import * as vscode from 'vscode';
import { tokenCore } from '../../bundles/tokenCore';
import { keyName } from '../../core/keys/names';
import type { KeyRing } from '../keyRing';
import { keyFromArgOrPick } from './keyCommandSupport';
import { pickOne } from './steps';

const TITLE = 'Export Public Key';

type Format = 'pem' | 'jwk' | 'jwks';

const EXTENSIONS: Record<Format, string> = { pem: '.pub.pem', jwk: '.jwk.json', jwks: '.jwks.json' };

/** JWT: Export Public Key — SPKI PEM, JWK or JWKS, to the clipboard or a file. Never the private half. */
export async function exportPublicKeyCommand(ring: KeyRing, arg?: unknown): Promise<void> {
  const fromTree = arg !== undefined;
  const total = fromTree ? 2 : 3;
  let step = 1;
  const entry = await keyFromArgOrPick(
    ring,
    arg,
    { title: TITLE, step: step, totalSteps: total },
    (e) => e.kty !== 'oct',
    'There is no key pair to export: shared secrets have no public half. Run "JWT: Generate Key" to make a key pair.',
  );
  if (!entry) return;
  if (entry.kty === 'oct') {
    void vscode.window.showErrorMessage(`Key ${keyName(entry.id, entry.kid)} is a shared secret: it has no public half. Give it to the vendor only over a secure channel.`);
    return;
  }
  if (!fromTree) step++;
  const format = await pickOne<Format>(
    [
      { label: 'PEM (SPKI)', description: '-----BEGIN PUBLIC KEY-----: what most settings pages ask for', value: 'pem' },
      { label: 'JWK', description: 'one JSON Web Key with kid, alg and use', value: 'jwk' },
      { label: 'JWKS', description: '{"keys": [...]}: for a JWKS URL or endpoint', value: 'jwks' },
    ],
    { title: `${TITLE}: ${entry.id}`, step: step++, totalSteps: total, placeholder: 'Which format does your vendor want?' },
  );
  if (!format) return;
  const destination = await pickOne<'clipboard' | 'file'>(
    [
      { label: '$(clippy) Copy to the clipboard', value: 'clipboard' },
      { label: '$(save) Save to a file…', value: 'file' },
    ],
    { title: `${TITLE}: ${entry.id}`, step: step, totalSteps: total, placeholder: 'Where to?' },
  );
  if (!destination) return;

  const key = await ring.material(entry.id);
  if (!key) {
    void vscode.window.showErrorMessage(`Key ${keyName(entry.id, entry.kid)} could not be read from the ring. Run "JWT: Show Keys" to check it.`);
    return;
  }
  // Only the public half goes to the exporter, so nothing private can end up in the output.
  const { privateJwk: _private, ...publicHalf } = key;
  const result = await tokenCore().exportPublicKey(publicHalf, format);
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not export key ${keyName(entry.id, entry.kid)}: ${result.error.message}`);
    return;
  }
  if (destination === 'clipboard') {
    await vscode.env.clipboard.writeText(result.text);
    void vscode.window.showInformationMessage(`Public key of ${keyName(entry.id, entry.kid)} copied as ${format.toUpperCase()}. Paste it into your vendor's signing-key settings.`);
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const fileName = `${entry.id}${EXTENSIONS[format]}`;
  const target = await vscode.window.showSaveDialog({
    title: `${TITLE}: save ${entry.id} as ${format.toUpperCase()}`,
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: format === 'pem' ? { PEM: ['pem'] } : { JSON: ['json'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  void vscode.window.showInformationMessage(`Public key of ${keyName(entry.id, entry.kid)} saved to ${vscode.workspace.asRelativePath(target)}.`);
}
