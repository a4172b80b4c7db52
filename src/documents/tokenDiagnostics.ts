import * as vscode from 'vscode';
import { findTokensInLines } from '../core/token/lineScan';
import { tokenCore } from '../bundles/tokenCore';
import type { InsightCode } from '../core';
import type { Config } from '../config';
import { Disposable } from '../disposable';
import { DECODED_SCHEME } from './decodedDocuments';
import { linesOf } from './documentLines';
import type { TokenVerifier } from './tokenVerifier';

export const DIAGNOSTIC_SOURCE = 'JWT Studio';
/** Typing pauses this long before a document is scanned again. */
const DEBOUNCE_MS = 400;
/** Per document: the first this-many tokens, lines and characters are checked, never more. */
const MAX_TOKENS = 500;
const MAX_LINES = 200_000;
const MAX_CHARS = 8 * 1024 * 1024;
/** Documents that are views of something else, not source people write. */
const SKIPPED_SCHEMES = new Set([DECODED_SCHEME, 'output', 'debug', 'git', 'vscode-scm', 'comment', 'walkThroughSnippet']);

/** Is `code` one of ours (for code actions)? */
export function insightCodeOf(diagnostic: vscode.Diagnostic): InsightCode | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return typeof code === 'string' ? (code as InsightCode) : undefined;
}

function isLog(document: vscode.TextDocument): boolean {
  return document.languageId === 'log' || /\.log(\.\d+)?$/i.test(document.uri.path);
}

/**
 * Live credentials, unsigned tokens, expired and long-lived tokens in open
 * documents. Scans are debounced and bounded per document; signature checks
 * come from the verifier's cache and re-run the scan when they land.
 */
export class TokenDiagnostics extends Disposable {
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('jwt-studio'));
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly getConfig: () => Config,
    private readonly verifier: TokenVerifier,
  ) {
    super();
    this._register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this._register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.cancel(d.uri);
        this.collection.delete(d.uri);
      }),
    );
    this._register(verifier.onDidUpdate(() => this.refreshAll()));
    this._register({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    this.refreshAll();
  }

  /** Re-checks every open document (settings or key ring changed). */
  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  private cancel(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  private schedule(document: vscode.TextDocument): void {
    if (SKIPPED_SCHEMES.has(document.uri.scheme)) return;
    this.cancel(document.uri);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.collection.set(document.uri, this.check(document));
      }, DEBOUNCE_MS),
    );
  }

  private check(document: vscode.TextDocument): vscode.Diagnostic[] {
    const config = this.getConfig();
    const settings = config.diagnostics;
    if (!settings.enabled) return [];
    const log = isLog(document);
    const tokens = findTokensInLines(
      linesOf(document),
      [{ startLine: 0, startCharacter: 0, endLine: document.lineCount - 1, endCharacter: Number.MAX_SAFE_INTEGER }],
      { maxTokenLength: config.hover.maxTokenLength, maxTokens: MAX_TOKENS, maxLines: MAX_LINES, maxChars: MAX_CHARS },
    );
    const out: vscode.Diagnostic[] = [];
    const now = Date.now();
    for (const found of tokens) {
      const result = tokenCore().decodeToken(found.text, { maxLength: config.hover.maxTokenLength });
      if (!result.ok) continue;
      const token = result.token;
      const signature = token.kind === 'jws' && settings.liveCredential && this.verifier.hasKeyRing ? this.verifier.peek(token.token)?.state : undefined;
      const insights = tokenCore().classifyToken(token, tokenCore().describeTokenTimes(token, now), signature, {
        reportExpired: settings.expired && (!log || settings.expiredInLogs),
        maxLifetimeSeconds: settings.maxLifetimeSeconds,
        now,
      });
      const range = new vscode.Range(found.line, found.start, found.line, found.end);
      for (const insight of insights) {
        if (insight.code === 'alg-none' && !settings.algNone) continue;
        if (insight.code === 'live-credential' && !settings.liveCredential) continue;
        const severity = insight.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
        const diagnostic = new vscode.Diagnostic(range, insight.message, severity);
        diagnostic.source = DIAGNOSTIC_SOURCE;
        diagnostic.code = insight.code;
        out.push(diagnostic);
      }
    }
    return out;
  }
}
