import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import { MAX_COMMAND_TOKEN_LENGTH } from '../documents/decodedDocuments';
import type { TokenVerifier } from '../documents/tokenVerifier';

/**
 * Copy Header JSON / Copy Payload JSON from a hover link. The JSON is
 * re-indented from the token's own bytes, so numbers keep their digits. A
 * JWE's payload is copied only when a ring key opens it.
 */
export async function copyTokenJson(token: string | undefined, part: 'header' | 'payload', verifier: TokenVerifier): Promise<void> {
  if (token === undefined) {
    void vscode.window.showWarningMessage('JWT Studio: that hover is out of date; hover over the token again.');
    return;
  }
  const result = tokenCore().decodeToken(token, { maxLength: MAX_COMMAND_TOKEN_LENGTH });
  if (!result.ok) {
    void vscode.window.showErrorMessage(`JWT Studio: ${result.error.message}`);
    return;
  }
  const decoded = result.token;
  let text: string | undefined;
  if (part === 'header') {
    text = tokenCore().prettyJson(decoded.headerText, { indent: 2 });
  } else if (decoded.payload?.type === 'json') {
    text = tokenCore().prettyJson(decoded.payload.text, { indent: 2 });
  } else if (decoded.payload?.type === 'text' || decoded.payload?.type === 'unencoded') {
    text = decoded.payload.text;
  } else if (decoded.kind === 'jwe') {
    text = (await verifier.decrypt(decoded.token))?.plaintext;
  }
  if (text === undefined) {
    void vscode.window.showWarningMessage('JWT Studio: this token has no payload that can be copied as text.');
    return;
  }
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`JWT Studio: ${part} JSON copied`, 3000);
}
