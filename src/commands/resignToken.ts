// JWT Studio: Re-sign — the quick fix TokenCodeActions offers on a token a ring key verifies.
import * as vscode from 'vscode';
import { keyName } from '../core/keys/names';
import { tokenCore } from '../bundles/tokenCore';
import type { Config } from '../config';
import type { TokenLocation } from '../documents/tokenCodeActions';
import type { TokenVerifier } from '../documents/tokenVerifier';
import type { KeyRingReader } from '../keys/keyRingApi';
import { log } from '../log';

/**
 * Re-signs a token in place with the ring key that verified it: same header
 * kid/typ and claims, a fresh iat and exp. Checks the text is unchanged
 * first, so an edit made since the lightbulb appeared is never overwritten.
 */
export async function resignTokenCommand(location: TokenLocation | undefined, keyRing: KeyRingReader | undefined, verifier: TokenVerifier, config: Config): Promise<void> {
  if (!location || typeof location.token !== 'string') return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
  const range = new vscode.Range(location.line, location.start, location.line, location.end);
  if (document.getText(range) !== location.token) {
    void vscode.window.showWarningMessage('JWT Studio: the token changed since this fix was offered; nothing was replaced.');
    return;
  }
  const verdict = await verifier.verify(location.token);
  if (verdict.state.status !== 'verified' || !verdict.entry || !keyRing) {
    void vscode.window.showWarningMessage('JWT Studio: no ring key verifies this token any more, so it cannot be re-signed. Use "JWT: Verify Token" to check it.');
    return;
  }
  const entry = verdict.entry;
  const key = await keyRing.material(entry.id);
  if (!key?.privateJwk) {
    void vscode.window.showErrorMessage(`JWT Studio: key ${keyName(entry.id, entry.kid)} is verify-only in this window (no private half or secret stored); import it to re-sign.`);
    return;
  }
  const decoded = tokenCore().decodeToken(location.token);
  if (!decoded.ok || !decoded.token.claims) {
    void vscode.window.showErrorMessage('JWT Studio: only tokens with a JSON claims set can be re-signed.');
    return;
  }
  const token = decoded.token;
  const claims: Record<string, unknown> = { ...token.claims };
  delete claims.exp;
  delete claims.iat;
  const header: Record<string, unknown> = {};
  if (token.kid !== undefined) header.kid = token.kid;
  const signed = await tokenCore().signToken({
    key,
    claims,
    header,
    ttlSeconds: tokenCore().resignLifetimeSeconds(tokenCore().describeTokenTimes(token), config.diagnostics.maxLifetimeSeconds),
    typ: token.typ ?? null,
    includeKid: token.kid !== undefined,
  });
  if (!signed.ok) {
    log().warn(`Re-signing with '${entry.id}' failed: ${signed.error.code}`);
    void vscode.window.showErrorMessage(`JWT Studio: could not re-sign with key ${keyName(entry.id, entry.kid)} (${signed.error.code}). See the "JWT Studio" log.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, range, signed.token);
  if (await vscode.workspace.applyEdit(edit)) log().info(`Re-signed a token with key '${entry.id}'`);
}
