import * as vscode from 'vscode';
import { decodeToken, describeTimes, prettyJson, summaryLine, visibleText } from '../core';
import type { Config } from '../config';
import { tokenAtPosition } from './tokenAtPosition';

// Hover content is built from hostile text: every token-derived string goes
// through appendText/appendCodeblock, HTML stays off and no command is trusted.
// The only markdown we write ourselves is static.

const MAX_JSON_CHARS = 6000;

export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(private readonly getConfig: () => Config) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const config = this.getConfig().hover;
    if (!config.enabled) return undefined;
    const found = tokenAtPosition(document, position, config.maxTokenLength);
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    const result = decodeToken(found.text, { maxLength: config.maxTokenLength });
    const md = new vscode.MarkdownString(undefined, false);
    md.isTrusted = false;
    md.supportHtml = false;
    if (!result.ok) {
      md.appendMarkdown('**JWT Studio** · could not decode this token\n\n');
      md.appendText(result.error.message);
      return new vscode.Hover(md, range);
    }
    const token = result.token;
    md.appendMarkdown('**');
    md.appendText(summaryLine(token));
    md.appendMarkdown('**\n\n');
    if (token.claims) {
      const times = describeTimes(token.claims);
      if (times.status !== 'no-expiry' || times.iat) {
        md.appendText(times.summary);
        md.appendMarkdown('\n\n');
      }
    }
    for (const finding of token.findings) {
      md.appendMarkdown(finding.severity === 'info' ? '- ' : '- ⚠ ');
      md.appendText(finding.message);
      md.appendMarkdown('\n');
    }
    md.appendMarkdown('\n*Header*\n');
    md.appendCodeblock(prettyJson(token.headerText, { indent: 2, maxLength: MAX_JSON_CHARS }), 'json');
    const payload = token.payload;
    if (payload) {
      md.appendMarkdown('\n*Payload*\n');
      if (payload.type === 'json') {
        md.appendCodeblock(prettyJson(payload.text, { indent: 2, maxLength: MAX_JSON_CHARS }), 'json');
      } else if (payload.type === 'text' || payload.type === 'unencoded') {
        md.appendCodeblock(visibleText(payload.text, MAX_JSON_CHARS), 'text');
      } else if (payload.type === 'binary') {
        md.appendCodeblock(payload.hex + (payload.truncated ? '…' : ''), 'text');
      } else if (payload.type === 'omitted') {
        md.appendText(`${payload.byteLength} bytes: too large to show here. Run "JWT: Decode Token" to open it.`);
      } else {
        md.appendText('Detached: the token carries no payload.');
      }
    } else if (token.kind === 'jwe') {
      md.appendMarkdown('\n');
      md.appendText('The payload is encrypted.');
    }
    return new vscode.Hover(md, range);
  }
}
