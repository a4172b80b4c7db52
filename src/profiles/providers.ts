// What the profile adapter shows in the editor, converted from the core's
// results to VS Code's types: diagnostics (for profiles and for preset files),
// completion items, hovers and the CodeLens row at the top of a profile.

import * as vscode from 'vscode';
import { escapeMarkdown, hoverAt } from '../core';
import type { Completion, CompletionContext, Preset, ProfileDiagnostic } from '../core';

/** The commands the CodeLens row runs, by id (the main bundle owns the ids). */
export interface LensCommandIds {
  signToken: string;
  copyEmbedUrl: string;
  copyEmbedSnippet: string;
  openTokenEditor: string;
  copyIntegrationCode: string;
}

const SEVERITIES: Record<ProfileDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(doc: vscode.TextDocument, d: ProfileDiagnostic): vscode.Diagnostic {
  const start = doc.positionAt(d.start);
  let end = doc.positionAt(Math.max(d.end, d.start));
  // An empty range would not show a squiggle: cover at least one character of the line.
  if (end.isEqual(start)) end = doc.lineAt(start.line).range.end.isEqual(start) ? start : start.translate(0, 1);
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), d.message, SEVERITIES[d.severity]);
  diagnostic.source = 'JWT Studio';
  diagnostic.code = d.code;
  return diagnostic;
}

/** A preset's diagnostics at their offsets in `text` (the file is read from disk, so there is no TextDocument to ask); line starts are found once. */
export function presetDiagnostics(text: string, list: readonly ProfileDiagnostic[]): vscode.Diagnostic[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const positionAt = (offset: number): vscode.Position => {
    const clamped = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return new vscode.Position(lo, clamped - (starts[lo] as number));
  };
  return list.map((d) => {
    const diagnostic = new vscode.Diagnostic(new vscode.Range(positionAt(d.start), positionAt(Math.max(d.end, d.start + 1))), d.message, SEVERITIES[d.severity]);
    diagnostic.source = 'JWT Studio';
    diagnostic.code = d.code;
    return diagnostic;
  });
}

export function firstError(diagnostics: readonly ProfileDiagnostic[]): string {
  return (diagnostics.find((d) => d.severity === 'error')?.message ?? 'not a valid preset').split('\n')[0] ?? '';
}

const KINDS: Record<Completion['kind'], vscode.CompletionItemKind> = {
  preset: vscode.CompletionItemKind.Module,
  key: vscode.CompletionItemKind.Reference,
  alg: vscode.CompletionItemKind.EnumMember,
  claim: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.Value,
  ttl: vscode.CompletionItemKind.Unit,
  property: vscode.CompletionItemKind.Property,
};

export function toCompletionItem(doc: vscode.TextDocument, position: vscode.Position, c: Completion): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KINDS[c.kind]);
  item.insertText = c.insertText;
  if (c.detail) item.detail = c.detail;
  if (c.documentation) {
    // Preset text may come from a user preset: escape it so it renders as plain text.
    const markdown = new vscode.MarkdownString(escapeMarkdown(c.documentation));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    item.documentation = markdown;
  }
  // Required claims sort before optional ones.
  item.sortText = `${c.required ? '0' : '1'}${c.sortText ?? c.label}`;
  if (c.required) item.preselect = false;
  if (c.replaceStart !== undefined && c.replaceEnd !== undefined) {
    const start = doc.positionAt(c.replaceStart);
    const end = doc.positionAt(c.replaceEnd);
    if (start.line === position.line && end.line === position.line && start.isBeforeOrEqual(position) && end.isAfterOrEqual(position)) {
      item.range = new vscode.Range(start, end);
    }
  }
  return item;
}

/** The hover for the claim, embed parameter or property under the position, rendered inertly. */
export function profileHover(doc: vscode.TextDocument, position: vscode.Position, context: CompletionContext): vscode.Hover | undefined {
  const found = hoverAt(doc.getText(), doc.offsetAt(position), context);
  if (!found) return undefined;
  // The core already escaped the text; keep links and HTML inert anyway.
  const markdown = new vscode.MarkdownString(found.markdownSafeText);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return new vscode.Hover(markdown, new vscode.Range(doc.positionAt(found.range.start), doc.positionAt(found.range.end)));
}

/** Open in Token Editor, Sign & Copy Token and Copy Integration Code, then Copy Embed URL / Copy Snippet when the preset has them. */
export function profileLenses(doc: vscode.TextDocument, preset: Preset | undefined, ids: LensCommandIds): vscode.CodeLens[] {
  const top = new vscode.Range(0, 0, 0, 0);
  const args = [doc.uri];
  const lenses = [
    new vscode.CodeLens(top, { title: 'Open in Token Editor', command: ids.openTokenEditor, arguments: args }),
    new vscode.CodeLens(top, { title: 'Sign & Copy Token', command: ids.signToken, arguments: args }),
    new vscode.CodeLens(top, { title: 'Copy Integration Code', command: ids.copyIntegrationCode, arguments: args }),
  ];
  if (preset?.embed?.url) lenses.push(new vscode.CodeLens(top, { title: 'Copy Embed URL', command: ids.copyEmbedUrl, arguments: args }));
  if (preset?.embed?.snippets && Object.keys(preset.embed.snippets).length > 0) {
    lenses.push(new vscode.CodeLens(top, { title: 'Copy Snippet', command: ids.copyEmbedSnippet, arguments: args }));
  }
  return lenses;
}
