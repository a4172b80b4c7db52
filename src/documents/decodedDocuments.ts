import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import { Disposable } from '../disposable';

export const DECODED_SCHEME = 'jwt-studio-decoded';

/** Upper bound for tokens opened explicitly (hovers use a much smaller one). */
export const MAX_COMMAND_TOKEN_LENGTH = 4 * 1024 * 1024;

/**
 * Read-only documents showing a decoded token. The token itself stays in
 * memory, keyed by a counter, so it never ends up in a URI, a file or a log.
 */
export class DecodedDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly tokens = new Map<string, string>();
  private counter = 0;

  constructor() {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(DECODED_SCHEME, this));
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === DECODED_SCHEME) this.tokens.delete(doc.uri.path);
      }),
    );
  }

  /** Opens the decoded view beside the active editor, or says why it cannot. */
  async open(token: string): Promise<void> {
    const result = tokenCore().decodeToken(token, { maxLength: MAX_COMMAND_TOKEN_LENGTH });
    if (!result.ok) {
      void vscode.window.showErrorMessage(`JWT Studio: ${result.error.message}`);
      return;
    }
    this.counter += 1;
    const path = `/Decoded token ${this.counter}.jsonc`;
    this.tokens.set(path, result.token.token);
    const uri = vscode.Uri.from({ scheme: DECODED_SCHEME, path });
    const document = await vscode.workspace.openTextDocument(uri);
    // Beside the code it came from; in the current group when no editor is open.
    const viewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    await vscode.window.showTextDocument(document, { viewColumn, preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const token = this.tokens.get(uri.path);
    if (token === undefined) return '// This decoded view was closed; run "JWT: Decode Token" again.\n';
    const result = tokenCore().decodeToken(token, { maxLength: MAX_COMMAND_TOKEN_LENGTH });
    if (!result.ok) return `// ${result.error.message}\n`;
    return tokenCore().renderDecodedJsonc(result.token, tokenCore().describeTokenTimes(result.token));
  }
}
