// src/documents/: tokens in any open document, in the first bundle. This file (the folder's entry) is the
// hover; tokenInlayHints.ts the inline hints, tokenDiagnostics.ts the diagnostics, tokenCodeActions.ts the
// quick fixes, decodedDocuments.ts the read-only decoded views; tokenVerifier.ts is the verdict cache the
// four share, documentLines.ts and tokenRefs.ts how they read lines and name a token in a command argument.
// Everything here reaches the token core through tokenCore() (src/bundles/), on first use.
import * as vscode from 'vscode';
import { tokenAtColumn } from '../core/token/lineScan';
import { tokenCore } from '../bundles/tokenCore';
import type { HoverBlock, HoverExtras } from '../core';
import { Commands } from '../commands/ids';
import type { Config } from '../config';
import type { TokenRefs } from './tokenRefs';
import type { TokenVerifier } from './tokenVerifier';

// Hover content is built from hostile text: every token-derived string goes
// through escapeMarkdown (inert, but wraps, unlike appendText) or
// appendCodeblock; HTML stays off. The only markdown syntax written here is
// static, and the only trusted commands are this extension's own, with
// arguments that are numbers we chose (TokenRefs), never token text.

/** Tokens up to this long are found (and summarised) on hover; only those under the hover limit are decoded. */
const MAX_DETECT_LENGTH = 1024 * 1024;
/** How long a hover waits for the key ring before showing "checking…". */
const VERIFY_WAIT_MS = 1500;

export const HOVER_COMMANDS = [Commands.openDecoded, Commands.copyPayloadJson, Commands.copyHeaderJson, Commands.verifyToken] as const;

const ICONS: Record<NonNullable<Extract<HoverBlock, { kind: 'line' }>['icon']>, string> = {
  pass: '$(pass)',
  error: '$(error)',
  warning: '$(warning)',
  info: '$(info)',
};

export class TokenHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly getConfig: () => Config,
    private readonly verifier: TokenVerifier,
    private readonly refs: TokenRefs,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, cancel: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const config = this.getConfig().hover;
    if (!config.enabled) return undefined;
    const line = document.lineAt(position.line).text;
    const found = tokenAtColumn(line, position.character, Math.max(config.maxTokenLength, Math.min(MAX_DETECT_LENGTH, config.maxTokenLength * 16)));
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    if (found.text.length > config.maxTokenLength) {
      return new vscode.Hover(render(tokenCore().oversizeBlocks(found.text.length, config.maxTokenLength)), range);
    }
    const result = tokenCore().decodeToken(found.text, { maxLength: config.maxTokenLength });
    if (!result.ok) {
      return new vscode.Hover(render([{ kind: 'title', text: 'JWT Studio · could not decode this token' }, { kind: 'line', text: result.error.message }]), range);
    }
    const token = result.token;
    const extras: HoverExtras = {};
    if (token.kind === 'jwe') {
      const decrypted = await withTimeout(this.verifier.decrypt(token.token), VERIFY_WAIT_MS);
      if (decrypted) extras.decrypted = decrypted;
    } else if (token.kind === 'jws') {
      if (!this.verifier.hasKeyRing) extras.signature = { status: 'no-keys' };
      else {
        const verdict = await withTimeout(this.verifier.verify(token.token), VERIFY_WAIT_MS);
        extras.signature = verdict?.state ?? { status: 'pending' };
        if (verdict?.keyBinding) extras.keyBinding = verdict.keyBinding;
        if (verdict?.verifyingKey) extras.verifyingKey = verdict.verifyingKey;
        // An issuer nobody trusted is only offered: nothing is fetched until the person follows the link.
        if (verdict?.issuerOffer !== undefined) extras.issuerOffer = verdict.issuerOffer;
        if (verdict?.issuerNote !== undefined) extras.issuerNote = verdict.issuerNote;
      }
    }
    if (cancel.isCancellationRequested) return undefined;
    const ref = this.refs.add(token.token);
    // The trust link sits with the lines about the signature, below the one saying nobody trusted the issuer.
    const trust = extras.issuerOffer !== undefined ? `$(shield) ${commandLink(ref, 'Trust issuer and fetch its keys', Commands.trustIssuer)}` : undefined;
    const md = render(tokenCore().hoverBlocks(token, tokenCore().describeTokenTimes(token), extras), trust);
    appendLinks(md, ref, token.kind !== 'jwe' || extras.decrypted !== undefined, trust !== undefined);
    return new vscode.Hover(md, range);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/**
 * Blocks as inert markdown: text escaped, code fenced by VS Code (which picks a longer fence when needed).
 * `beforeSections`: markdown of our own (never token text) put before the first heading.
 */
export function render(blocks: readonly HoverBlock[], beforeSections?: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.isTrusted = false;
  let pending = beforeSections;
  for (const block of blocks) {
    if (pending !== undefined && block.kind === 'heading') {
      md.appendMarkdown(`${pending}  \n`);
      pending = undefined;
    }
    switch (block.kind) {
      case 'title':
        md.appendMarkdown(`**${tokenCore().escapeMarkdown(block.text)}**\n\n`);
        break;
      case 'line':
        md.appendMarkdown(`${block.icon ? ICONS[block.icon] + ' ' : ''}${tokenCore().escapeMarkdown(block.text)}  \n`);
        break;
      case 'heading':
        md.appendMarkdown(`\n*${tokenCore().escapeMarkdown(block.text)}*\n`);
        break;
      case 'code':
        md.appendCodeblock(block.text, block.language);
        break;
    }
  }
  if (pending !== undefined) md.appendMarkdown(`\n${pending}  \n`);
  return md;
}

/** A link to one of this extension's own commands; the only argument is a reference number. */
function commandLink(ref: number, title: string, command: string): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([{ ref }]))})`;
}

/**
 * Command links to this extension's own commands. `trustLink`: the hover carries the link that trusts the
 * issuer the token names (the command reads the `iss` of the token the number stands for), so that
 * command is enabled too.
 */
function appendLinks(md: vscode.MarkdownString, ref: number, hasPayload: boolean, trustLink: boolean): void {
  const link = (title: string, command: string): string => commandLink(ref, title, command);
  const commands: string[] = [...HOVER_COMMANDS];
  if (trustLink) commands.push(Commands.trustIssuer);
  const links = [link('Open decoded', Commands.openDecoded)];
  if (hasPayload) links.push(link('Copy Payload JSON', Commands.copyPayloadJson));
  links.push(link('Copy Header JSON', Commands.copyHeaderJson), link('Verify with Key…', Commands.verifyToken));
  md.appendMarkdown(`\n---\n\n${links.join(' · ')}\n`);
  md.isTrusted = { enabledCommands: commands };
}
