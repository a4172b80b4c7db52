import * as vscode from 'vscode';
import { publicHalfRole } from '../core/keys/roles';
import { Disposable } from '../disposable';
import { isIssuerNode, type IssuerNode } from '../issuers/issuerApi';
import type { LazyIssuers } from '../issuers/lazy';
import type { KeyRing } from './keyRing';
import type { KeyEntry } from './keyRingApi';
import { shortDate } from './keyRingNames';

/** Context key set while the ring holds at least one key (palette `when` clauses use it). */
export const HAS_KEYS_CONTEXT = 'jwtStudio.hasKeys';

/** A row of the Keys view: a ring key, or a row of the trusted issuers' section. */
export type KeysNode = KeyEntry | IssuerNode;

/**
 * The Keys view: one row per key with id, algorithm, scope and creation date, then, when issuers are
 * configured, the "Trusted issuers" section (issuers/issuerTree.ts).
 * `contextValue` tells the menus what a row can do: `jwtKey.pair` (exportable),
 * `jwtKey.secret` (shared secret), with `.missing` when its secret is gone and `.publicOnly` for a key
 * pair whose private half was never imported (menus that show a private half need neither); issuer rows
 * have their own values (`jwtIssuer…`).
 */
export class KeysTreeProvider extends Disposable implements vscode.TreeDataProvider<KeysNode> {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly ring: KeyRing,
    private readonly issuers?: LazyIssuers,
  ) {
    super();
    if (issuers) this._register(issuers.onDidChange(() => this.changed.fire()));
    this._register(
      ring.onDidChange(() => {
        void vscode.commands.executeCommand('setContext', HAS_KEYS_CONTEXT, ring.entries().length > 0);
        this.changed.fire();
      }),
    );
    void vscode.commands.executeCommand('setContext', HAS_KEYS_CONTEXT, ring.entries().length > 0);
  }

  /** Rows that say "fetched 12 min ago" are drawn again when the view comes back into sight. */
  refresh(): void {
    this.changed.fire();
  }

  getChildren(element?: KeysNode): KeysNode[] {
    if (element && isIssuerNode(element)) return this.issuers?.treeChildren(element) ?? [];
    if (element) return [];
    return [...this.ring.entries(), ...(this.issuers?.treeChildren(undefined) ?? [])];
  }

  getTreeItem(node: KeysNode): vscode.TreeItem {
    if (isIssuerNode(node)) return this.issuers?.treeItem(node) ?? new vscode.TreeItem('');
    const entry = node;
    const missing = this.ring.isSecretMissing(entry.id);
    const item = new vscode.TreeItem(entry.id, vscode.TreeItemCollapsibleState.None);
    item.id = `${entry.scope}/${entry.id}`;
    const state = missing ? 'secret missing' : !entry.hasPrivate ? publicHalfRole(entry) : undefined;
    item.description = [entry.alg, entry.scope, shortDate(entry.created), state].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon(
      missing ? 'warning' : entry.kty === 'oct' ? 'lock' : entry.hasPrivate ? 'key' : 'unlock',
      missing ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
    );
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(`${entry.label}\n\n`);
    tooltip.appendText(`${entry.alg} · ${entry.size} · ${entry.scope === 'global' ? 'every workspace' : 'this workspace'}\n\n`);
    tooltip.appendText(`kid ${entry.kid}\n\ncreated ${entry.created}`);
    if (missing) {
      tooltip.appendText(
        `\n\nIts ${entry.kty === 'oct' ? 'secret' : 'private key'} is not in this machine's secret storage (another machine, or a cleared keychain). ` +
          'Import it again or delete this entry.',
      );
    } else if (!entry.hasPrivate) {
      tooltip.appendText('\n\nVerify-only: only the public key was imported, so it cannot sign.');
    }
    item.tooltip = tooltip;
    item.accessibilityInformation = { label: `Key ${entry.id}, ${entry.alg}, ${entry.scope}, created ${shortDate(entry.created)}${state ? `, ${state}` : ''}` };
    item.contextValue = `jwtKey.${entry.kty === 'oct' ? 'secret' : 'pair'}${missing ? '.missing' : !entry.hasPrivate ? '.publicOnly' : ''}`;
    return item;
  }
}
