import * as vscode from 'vscode';
import { keyName, ringKeyNamer } from '../core/keys/names';
import { tokenCore } from '../bundles/tokenCore';
import { keyDetail } from '../keys/commands/keyCommandSupport';
import type { KeyEntry, KeyRingReader } from '../keys/keyRingApi';
import { log } from '../log';
import { MAX_COMMAND_TOKEN_LENGTH } from '../documents/decodedDocuments';
import { pickTokenText } from './tokenSource';

interface KeyPick extends vscode.QuickPickItem {
  entry: KeyEntry;
}

/**
 * JWT: Verify Token — checks one token against one key the person picks
 * (the key's own algorithm is the only one allowed), and says what held.
 */
export async function verifyTokenCommand(keyRing: KeyRingReader | undefined, given: string | undefined): Promise<void> {
  const token = given ?? (await pickTokenText('JWT: Verify Token', MAX_COMMAND_TOKEN_LENGTH));
  if (token === undefined) return;
  const entries = keyRing?.entries().filter((e) => e.use === 'sig') ?? [];
  if (!keyRing || entries.length === 0) {
    void vscode.window.showWarningMessage('JWT Studio: the key ring has no signing or verification keys. Add or import a key first, then verify again.');
    return;
  }
  const picked = await vscode.window.showQuickPick<KeyPick>(
    entries.map((entry) => ({ label: entry.id, description: `${entry.alg} · ${entry.size}`, detail: keyDetail(entry), entry })),
    { title: 'JWT: Verify Token — pick a key', placeHolder: 'The key decides the algorithm; the token header cannot' },
  );
  if (!picked) return;
  const material = await keyRing.material(picked.entry.id);
  if (!material) {
    void vscode.window.showErrorMessage(`JWT Studio: key ${keyName(picked.entry.id, picked.entry.kid)} has no stored material in this window's secret storage. Import it again.`);
    return;
  }
  const name = keyName(picked.entry.id, picked.entry.kid);
  const options = { keyName: ringKeyNamer(keyRing.entries()) };
  // An SD-JWT is verified as a presentation: its issuer signature, disclosures and key binding.
  const sdJwt = token.includes('~') ? await tokenCore().verifySdJwt(token, [material], options) : undefined;
  const report = sdJwt ?? (await tokenCore().verifyToken(token, [material], options));
  log().info(`Verify Token with '${picked.entry.id}': ${report.signature}`);
  const claims = report.claims.checked && !report.claims.valid ? ` Claims: ${report.claims.problems.map((p) => `${p.claim} ${p.code}`).join(', ')}` : '';
  if (report.signature === 'valid' && sdJwt && (!sdJwt.sdJwt.intact || sdJwt.sdJwt.keyBinding?.status === 'invalid')) {
    void vscode.window.showWarningMessage(`JWT Studio: ${report.message}${claims}`);
  } else if (report.signature === 'valid' && sdJwt) {
    void vscode.window.showInformationMessage(`JWT Studio: ${report.message}`);
  } else if (report.signature === 'valid') {
    void vscode.window.showInformationMessage(`JWT Studio: signature verified by ${picked.entry.alg} key ${name}.${claims}`);
  } else {
    void vscode.window.showWarningMessage(`JWT Studio: not verified by key ${name}: ${report.message}${claims}`);
  }
}
