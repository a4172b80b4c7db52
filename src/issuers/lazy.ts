// The trusted issuers as the first bundle holds them: the `jwtStudio.trustedIssuers` setting watched, the
// palette's context key, and the loader of dist/issuers.js (entry issuers/index.ts), required the first
// time a token the key ring does not verify is checked, the Keys view opens the issuers' section, or an
// issuer command runs. Only types come from that bundle here; nothing is read from storage or fetched at
// activation.
import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import { CONFIG_SECTION } from '../config';
import { Disposable } from '../disposable';
import type { TokenRefs } from '../documents/tokenRefs';
import type { Verdict } from '../documents/verdicts';
import { log } from '../log';
import type * as IssuersModule from './index';
import type { IssuerNode, IssuersApi } from './issuerApi';
import { entryCount, TRUSTED_ISSUERS_SETTING } from './issuerScopes';
/** Context key for the palette: some issuer entry is configured (read or not). */
export const HAS_TRUSTED_ISSUERS_CONTEXT = 'jwtStudio.hasTrustedIssuers';

const SECTION: IssuerNode = { issuerNode: 'section' };

export class LazyIssuers extends Disposable {
  private api: IssuersApi | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** Fires when the setting changes or keys were fetched or removed. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly refs: TokenRefs,
  ) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.${TRUSTED_ISSUERS_SETTING}`)) this.settingsChanged();
      }),
    );
    // Workspace entries count once the workspace is trusted.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.settingsChanged()));
    this.updateContext();
  }

  /** The issuers' code, loaded on first use. */
  load(): IssuersApi {
    if (!this.api) {
      // A relative require of the sibling bundle; the build leaves it external.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./issuers.js') as typeof IssuersModule;
      this.api = module.createIssuers({ globalState: this.globalState, core: tokenCore, log, refs: this.refs, changed: this.changed });
      log().info('Trusted issuer support loaded');
    }
    return this.api;
  }

  /** Whether any entry is configured, without reading the entries. */
  hasEntries(): boolean {
    const values = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<unknown>(TRUSTED_ISSUERS_SETTING) ?? {};
    return entryCount(values, vscode.workspace.isTrusted) > 0;
  }

  async verdict(token: string, ring: Verdict): Promise<Verdict> {
    return this.load().verdict(token, ring);
  }

  /** The Keys view's rows: at the root, the section when any entry is configured (the bundle is not loaded for that). */
  treeChildren(node: IssuerNode | undefined): IssuerNode[] {
    if (!node) return this.hasEntries() ? [SECTION] : [];
    return this.load().treeChildren(node);
  }

  treeItem(node: IssuerNode): vscode.TreeItem {
    return this.load().treeItem(node);
  }

  private settingsChanged(): void {
    this.api?.settingsChanged();
    this.updateContext();
    this.changed.fire();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', HAS_TRUSTED_ISSUERS_CONTEXT, this.hasEntries());
  }
}
