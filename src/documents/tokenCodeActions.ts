import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import { Commands } from '../commands/ids';
import { insightCodeOf } from './tokenDiagnostics';
import type { TokenVerifier } from './tokenVerifier';

/** Where a token sits, so the re-sign command (commands/resignToken.ts) can check it is still there before replacing it. */
export interface TokenLocation {
  uri: string;
  line: number;
  start: number;
  end: number;
  token: string;
}

/** Quick fixes for the findings of TokenDiagnostics. */
export class TokenCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly verifier: TokenVerifier) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const done = new Set<string>();
    // Our own findings at the cursor: the editor does not always pass them in
    // the context (e.g. while the collection is being refreshed).
    const ours = [...context.diagnostics, ...vscode.languages.getDiagnostics(document.uri)].filter(
      (d) => insightCodeOf(d) !== undefined && d.range.intersection(range) !== undefined,
    );
    for (const diagnostic of ours) {
      const code = insightCodeOf(diagnostic);
      if (!code) continue;
      const range = diagnostic.range;
      const key = `${range.start.line}:${range.start.character}`;
      if (done.has(key)) continue;
      done.add(key);
      const token = document.getText(range);
      const location: TokenLocation = { uri: document.uri.toString(), line: range.start.line, start: range.start.character, end: range.end.character, token };
      const verdict = this.verifier.peek(token);
      // An SD-JWT is never re-signed: the new token would lose its disclosures. Nor is a token an issuer's
      // published key verified: only the issuer holds its private key.
      if (verdict?.state.status === 'verified' && !verdict.state.issuer && !token.includes('~')) {
        const resign = new vscode.CodeAction(`Re-sign with key ${verdict.state.key} and a fresh exp`, vscode.CodeActionKind.QuickFix);
        resign.command = { command: Commands.resignToken, title: resign.title, arguments: [location] };
        resign.diagnostics = ours.filter((d) => d.range.isEqual(range));
        resign.isPreferred = code === 'live-credential';
        actions.push(resign);
      }
      const decoded = tokenCore().decodeToken(token);
      const placeholder = tokenCore().placeholderFor(decoded.ok ? decoded.token : { kind: 'jws' });
      const replace = new vscode.CodeAction(`Replace the token with ${placeholder}`, vscode.CodeActionKind.QuickFix);
      replace.edit = new vscode.WorkspaceEdit();
      replace.edit.replace(document.uri, range, placeholder);
      replace.diagnostics = ours.filter((d) => d.range.isEqual(range));
      actions.push(replace);
      const open = new vscode.CodeAction('Open decoded', vscode.CodeActionKind.QuickFix);
      open.command = { command: Commands.openDecoded, title: open.title, arguments: [token] };
      actions.push(open);
    }
    return actions;
  }
}
