// The "Trusted issuers" section of the Keys view (keys/keysTreeProvider.ts shows it after the ring's keys):
// one row per issuer with its key count and last fetch or error, its keys below it, and a row per setting
// entry that could not be used. `contextValue` tells the menus what a row can do: `jwtIssuers` (the
// section: Trust Issuer…), `jwtIssuer` (Refresh, Remove), `jwtIssuerKey`, `jwtIssuerProblem`.
import * as vscode from 'vscode';
import { shortKid } from '../core/keys/names';
import type { IssuerNode } from './issuerApi';
import { scopeWords, type ConfiguredIssuer } from './issuerSettings';
import type { TrustedIssuers } from './trustedIssuers';
import { agoWords, keyCountWords, shownText } from './issuerWords';

/** The rows under a row of the section (the first bundle puts the section itself at the root). */
export function issuerChildren(issuers: TrustedIssuers, node: IssuerNode): IssuerNode[] {
  switch (node.issuerNode) {
    case 'section': {
      const settings = issuers.settings();
      const rows: IssuerNode[] = settings.issuers.map((issuer) => ({ issuerNode: 'issuer', issuer: issuer.issuer }));
      settings.problems.forEach((problem, id) => rows.push({ issuerNode: 'problem', id, message: problem.message }));
      if (settings.ignoredUntrusted > 0) {
        const n = settings.ignoredUntrusted;
        rows.push({ issuerNode: 'problem', id: -1, message: `${n} entr${n === 1 ? 'y' : 'ies'} in workspace settings ignored: this workspace is not trusted.` });
      }
      return rows;
    }
    case 'issuer': {
      const configured = issuers.configured(node.issuer);
      const keys = configured ? issuers.stored(configured)?.keys?.keys : undefined;
      const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
      return (keys ?? []).map((jwk, index) => {
        const row: IssuerNode = { issuerNode: 'key', issuer: node.issuer, index, kty: jwk.kty };
        const [kid, alg, crv] = [text(jwk.kid), text(jwk.alg), text(jwk.crv)];
        return { ...row, ...(kid ? { kid } : {}), ...(alg ? { alg } : {}), ...(crv ? { crv } : {}) };
      });
    }
    default:
      return [];
  }
}

export function issuerTreeItem(issuers: TrustedIssuers, node: IssuerNode): vscode.TreeItem {
  switch (node.issuerNode) {
    case 'section': {
      const item = new vscode.TreeItem('Trusted issuers', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'issuers';
      item.iconPath = new vscode.ThemeIcon('organization');
      item.contextValue = 'jwtIssuers';
      item.tooltip = 'Identity providers whose published keys verify their tokens (setting jwtStudio.trustedIssuers).';
      return item;
    }
    case 'issuer':
      return issuerRow(issuers, node.issuer);
    case 'key':
      return keyRow(node);
    case 'problem': {
      const item = new vscode.TreeItem('Setting entry not used', vscode.TreeItemCollapsibleState.None);
      item.id = `issuers/problem/${node.id}`;
      item.description = shownText(node.message, 300);
      item.tooltip = shownText(node.message, 1000);
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
      item.contextValue = 'jwtIssuerProblem';
      return item;
    }
  }
}

function issuerRow(issuers: TrustedIssuers, issuer: string): vscode.TreeItem {
  const configured = issuers.configured(issuer);
  const stored = configured ? issuers.stored(configured) : undefined;
  const keys = stored?.keys;
  const now = Date.now();
  const name = shownText(issuer);
  const item = new vscode.TreeItem(name, keys && keys.keys.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.id = `issuers/${issuer}`;
  const error = stored?.lastError;
  const fetched = keys ? `${keyCountWords(keys)} · fetched ${agoWords(keys.fetchedAt, now)}` : 'keys not fetched yet';
  item.description = error ? `${keys ? `${keyCountWords(keys)} · ` : ''}last fetch failed: ${shownText(error, 200)}` : fetched;
  item.iconPath = error
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
    : new vscode.ThemeIcon(keys ? 'verified' : 'cloud-download');
  item.contextValue = 'jwtIssuer';
  item.tooltip = issuerTooltip(configured, stored, now);
  item.accessibilityInformation = { label: `Trusted issuer ${name}, ${item.description}` };
  return item;
}

function issuerTooltip(configured: ConfiguredIssuer | undefined, stored: ReturnType<TrustedIssuers['stored']>, now: number): vscode.MarkdownString {
  // Every value here came from a setting or a server: appendText keeps it inert.
  const tooltip = new vscode.MarkdownString(undefined, false);
  if (!configured) return tooltip;
  tooltip.appendText(`${shownText(configured.issuer)}\n\n`);
  const keys = stored?.keys;
  tooltip.appendText(`JWK Set: ${keys ? shownText(keys.jwksUri, 300) : configured.jwksUri ? shownText(configured.jwksUri, 300) : 'from the discovery document'}\n\n`);
  tooltip.appendText(configured.audiences ? `Audiences: ${configured.audiences.map((a) => shownText(a, 100)).join(', ')}\n\n` : 'Audiences: any (none configured)\n\n');
  tooltip.appendText(`From ${configured.scopes.map(scopeWords).join(' and ')}\n\n`);
  if (keys) tooltip.appendText(`${keyCountWords(keys)} fetched ${agoWords(keys.fetchedAt, now)} (${new Date(keys.fetchedAt).toISOString()}), fresh until ${new Date(keys.freshUntil).toISOString()}\n\n`);
  if (stored?.lastError) tooltip.appendText(`Last fetch failed${stored.lastAttemptAt ? ` ${agoWords(stored.lastAttemptAt, now)}` : ''}: ${shownText(stored.lastError, 600)}${keys ? ' The keys fetched before still verify.' : ''}\n\n`);
  for (const note of stored?.notes ?? []) tooltip.appendText(`${shownText(note, 300)}\n\n`);
  return tooltip;
}

function keyRow(node: Extract<IssuerNode, { issuerNode: 'key' }>): vscode.TreeItem {
  const { kid } = node;
  const item = new vscode.TreeItem(kid ? shortKid(kid) : 'no kid', vscode.TreeItemCollapsibleState.None);
  item.id = `issuers/${node.issuer}/key/${node.index}`;
  const shown = [node.alg, node.kty, node.crv].filter((part): part is string => part !== undefined).map((part) => shownText(part, 20));
  item.description = shown.join(' · ');
  item.iconPath = new vscode.ThemeIcon('unlock');
  item.contextValue = 'jwtIssuerKey';
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.appendText(`kid ${kid ? shownText(kid, 256) : '(none)'}\n\n${item.description}\n\nA public key published by ${shownText(node.issuer)}: it verifies that issuer's tokens only.`);
  item.tooltip = tooltip;
  return item;
}
