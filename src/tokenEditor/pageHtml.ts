// The Token Editor page's HTML shell: the content security policy, the bundled
// script and style, and the layout state handed on from a form this one replaces.

import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { profileDisplayName } from '../profiles/profileFiles';
import type { WebviewUiState } from '../shared/protocol';

/** The profile's name for the page: workspace-relative, or "name.jwt.yaml (unsaved)". */
export function displayName(document: vscode.TextDocument): string {
  return profileDisplayName(document.uri, (uri) => vscode.workspace.asRelativePath(uri));
}

export function pageHtml(webview: vscode.Webview, root: vscode.Uri, document: vscode.TextDocument, ui: WebviewUiState | undefined): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `img-src ${webview.cspSource}`].join('; ');
  const title = escapeHtml(`Token Editor: ${displayName(document)}`);
  // Layout handed on from the form this one replaces (a saved unsaved profile); the page checks it like its own saved state.
  const state = ui ? ` data-ui-state="${escapeHtml(JSON.stringify(ui))}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${title}</title>
</head>
<body>
<main id="app" aria-label="${title}"${state}><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
