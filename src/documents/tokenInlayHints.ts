import * as vscode from 'vscode';
import { findTokensInLines } from '../core/token/lineScan';
import { tokenCore } from '../bundles/tokenCore';
import type { Config } from '../config';
import { Disposable } from '../disposable';
import { lineRangeOf, linesOf } from './documentLines';
import type { TokenVerifier } from './tokenVerifier';

/** Per request: at most this many hints, lines and characters (the visible range of even a minified file). */
const MAX_HINTS = 200;
const MAX_LINES = 1000;
const MAX_CHARS = 2 * 1024 * 1024;

/**
 * "HS256 · user_42 · expires in 4 min · verified by ap-prod" after each token
 * in the range VS Code asks for (the visible one). Signature words come from
 * the verifier's cache; new verdicts refresh the hints.
 */
export class TokenInlayHints extends Disposable implements vscode.InlayHintsProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(
    private readonly getConfig: () => Config,
    private readonly verifier: TokenVerifier,
  ) {
    super();
    this._register(verifier.onDidUpdate(() => this.changed.fire()));
  }

  /** Settings changed: hints may appear, disappear or read differently. */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range, cancel: vscode.CancellationToken): vscode.InlayHint[] {
    const config = this.getConfig();
    if (!config.inlineHints.enabled) return [];
    const tokens = findTokensInLines(linesOf(document), [lineRangeOf(range)], {
      maxTokenLength: config.hover.maxTokenLength,
      maxTokens: MAX_HINTS,
      maxLines: MAX_LINES,
      maxChars: MAX_CHARS,
    });
    const hints: vscode.InlayHint[] = [];
    const now = Date.now();
    for (const found of tokens) {
      if (cancel.isCancellationRequested) break;
      const result = tokenCore().decodeToken(found.text, { maxLength: config.hover.maxTokenLength });
      if (!result.ok) continue;
      const token = result.token;
      const signature = token.kind === 'jws' ? (this.verifier.hasKeyRing ? this.verifier.peek(token.token)?.state : { status: 'no-keys' as const }) : undefined;
      const label = tokenCore().hintText(token, tokenCore().describeTokenTimes(token, now), signature, config.inlineHints.format);
      if (!label) continue;
      const hint = new vscode.InlayHint(new vscode.Position(found.line, found.end), label);
      hint.paddingLeft = true;
      // The editor may cut long hints (editor.inlayHints.maximumLength); the tooltip keeps all of it.
      hint.tooltip = label;
      hints.push(hint);
    }
    return hints;
  }
}
