import * as vscode from 'vscode';
import { decodeToken, describeTokenTimes, escapeMarkdown, prettyJson, summaryLine, visibleText } from '../core';
import type { Config } from '../config';
import { tokenAtPosition } from './tokenAtPosition';

// Hover content is built from hostile text: every token-derived string goes
// through escapeMarkdown (inert, but wraps, unlike appendText) or
// appendCodeblock; HTML stays off and no command is trusted. The only markdown
// syntax we write ourselves is static.

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
      md.appendMarkdown(escapeMarkdown(result.error.message));
      return new vscode.Hover(md, range);
    }
    const token = result.token;
    md.appendMarkdown(`**${escapeMarkdown(summaryLine(token))}**\n\n`);
    const times = describeTokenTimes(token);
    if (times) {
      for (const claim of [times.exp, times.nbf, times.iat]) {
        if (!claim) continue;
        const when = claim.iso ? ` · ${claim.iso.replace('.000Z', 'Z')}` : '';
        md.appendMarkdown(`${escapeMarkdown(claim.words + when)}  \n`);
      }
      md.appendMarkdown('\n');
    }
    for (const finding of token.findings) {
      md.appendMarkdown(`${finding.severity === 'info' ? 'ℹ' : '⚠'} ${escapeMarkdown(finding.message)}  \n`);
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
        md.appendMarkdown(escapeMarkdown(`${payload.byteLength} bytes: too large to show here. Run "JWT: Decode Token" to open it.`));
      } else {
        md.appendMarkdown('Detached: the token carries no payload.');
      }
    } else if (token.kind === 'jwe') {
      md.appendMarkdown('\nThe payload is encrypted.');
    }
    return new vscode.Hover(md, range);
  }
}
