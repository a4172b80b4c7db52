// src/issuers/: identity providers a person chose to trust, in the editor. This file (the folder's entry)
// is the service the verifier, the Keys view and the commands share: the `jwtStudio.trustedIssuers`
// setting as read (issuerSettings.ts), the keys fetched for each issuer (issuerKeysStore.ts, in
// globalState), fetching them (issuerFetch.ts) after the first fetch from a host was confirmed (as embed
// hosts are, profiles/hostConfirm.ts), the Keys view's issuer rows (issuerTree.ts), the commands' bodies
// (issuerCommands.ts) and the words they share (issuerWords.ts). The pure rules (which URLs, discovery,
// JWK Sets, freshness, verification) are the core's (src/core/issuers/), reached through tokenCore().
//
// Nothing is fetched at activation, and nothing a token names is fetched on its own: only issuers the
// person trusted, when they trust or refresh one, or in the background for a token that needs keys from
// a host they already confirmed (at most once per issuer per few minutes).
import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import type { FetchableUrl } from '../core';
import { CONFIG_SECTION } from '../config';
import { Disposable } from '../disposable';
import { log } from '../log';
import { confirmNewHost, isHostConfirmed } from '../profiles/hostConfirm';
import type { IssuerLookup, IssuerSourceApi, RefetchReason } from './issuerApi';
import { fetchIssuerKeys, type KeysFetch } from './issuerFetch';
import { IssuerKeysStore, type StoredIssuer } from './issuerKeysStore';
import { entryCount, readIssuerSettings, scopeHolds, scopeValue, SETTING_SCOPES, withoutIssuer, type ConfiguredIssuer, type IssuerSettings, type SettingScope, type SettingValues } from './issuerSettings';
import { agoWords, keyCountWords, shownText } from './issuerWords';

/** The setting, under `jwtStudio.`. */
export const TRUSTED_ISSUERS_SETTING = 'trustedIssuers';
/** Context key for the palette: some issuer entry is configured (read or not). */
export const HAS_TRUSTED_ISSUERS_CONTEXT = 'jwtStudio.hasTrustedIssuers';
/** Hosts the person allowed JWT Studio to fetch issuer keys from (embed hosts are a separate list). */
export const CONFIRMED_ISSUER_HOSTS = 'jwtStudio.confirmedIssuerHosts';

const TARGETS: Record<SettingScope, vscode.ConfigurationTarget> = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
};

export class TrustedIssuers extends Disposable implements IssuerSourceApi {
  private read: { settings: IssuerSettings; byIssuer: Map<string, ConfiguredIssuer> } | undefined;
  private keyStore: IssuerKeysStore | undefined;
  private readonly inflight = new Map<string, Promise<KeysFetch>>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly globalState: vscode.Memento) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${CONFIG_SECTION}.${TRUSTED_ISSUERS_SETTING}`)) this.settingsChanged();
      }),
    );
    // Workspace entries start to count once the workspace is trusted.
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.settingsChanged()));
    this.updateContext();
  }

  /** Whether any entry is configured, without reading the entries (the Keys view shows its section then). */
  hasEntries(): boolean {
    return entryCount(this.values(), vscode.workspace.isTrusted) > 0;
  }

  /** The settings as read: issuers, problems with entries, entries ignored in an untrusted workspace. */
  settings(): IssuerSettings {
    return this.parsed().settings;
  }

  configured(issuer: string): ConfiguredIssuer | undefined {
    return this.parsed().byIssuer.get(issuer);
  }

  /** The cache's entry for a trusted issuer, with keys only when they came from the JWK Set configured now. */
  stored(issuer: ConfiguredIssuer): StoredIssuer | undefined {
    const stored = this.store().get(issuer.issuer);
    if (!stored?.keys || issuer.jwksHref === undefined || stored.keys.jwksUri === issuer.jwksHref) return stored;
    const { keys: _other, ...rest } = stored;
    return rest;
  }

  lookup(iss: string): IssuerLookup | undefined {
    const trusted = this.configured(iss);
    if (!trusted) return undefined;
    return { trusted, stored: this.stored(trusted), hostConfirmed: this.hostConfirmed(trusted.host) };
  }

  refetch(iss: string, reason: RefetchReason): Promise<boolean> | undefined {
    const running = this.inflight.get(iss);
    if (running) return running.then((result) => result.ok);
    const trusted = this.configured(iss);
    if (!trusted || !this.hostConfirmed(trusted.host)) return undefined;
    if (!this.store().claimRefetch(iss, Date.now(), tokenCore().mayRefetch)) return undefined;
    const why = reason === 'missing' ? 'none are cached' : reason === 'stale' ? 'the cached ones are stale' : 'a token has a kid they do not hold';
    log().info(`Issuer ${shownText(iss)}: fetching its keys in the background (${why})`);
    return this.fetchNow(trusted, 'background').then((result) => result.ok);
  }

  /**
   * Fetches an issuer's keys because the person asked (trust, refresh), with a progress notification:
   * a new host is confirmed first. Says how it went; resolves with the outcome.
   */
  async fetchWithProgress(issuer: ConfiguredIssuer): Promise<KeysFetch> {
    const name = shownText(issuer.issuer);
    // In flight at once, so a token verified meanwhile waits for this fetch instead of starting its own.
    const work = this.fetchNow(issuer, 'explicit');
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `JWT Studio: fetching the keys of issuer ${name}…` },
      () => work,
    );
    if (result.ok) {
      const skipped = result.notes.length > 0 ? ` ${result.notes.length} skipped (see the issuer in the Keys view).` : '';
      void vscode.window.showInformationMessage(`JWT Studio: ${keyCountWords(result.keys)} of issuer ${name} fetched.${skipped}`);
    } else if (!result.declined) {
      const kept = this.stored(issuer)?.keys;
      const still = kept ? ` The ${keyCountWords(kept)} fetched ${agoWords(kept.fetchedAt, Date.now())} still verify.` : '';
      void vscode.window.showWarningMessage(`JWT Studio: the keys of issuer ${name} were not fetched: ${shownText(result.message, 600)}${still}`);
    }
    return result;
  }

  /** The first fetch from the issuer's own host, asked before the issuer is added (trust from a hover or the palette). */
  confirmIssuerHost(issuer: string, url: FetchableUrl): Promise<boolean> {
    return this.confirmFetch(url, issuer, 'discovery');
  }

  /** Adds an issuer URL to the user's settings (kept as the last entry; every other entry stays as written). */
  async addToUserSettings(issuer: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const current = config.inspect<unknown>(TRUSTED_ISSUERS_SETTING)?.globalValue;
    const list = Array.isArray(current) ? current : [];
    if (scopeHolds(list, issuer)) return;
    await config.update(TRUSTED_ISSUERS_SETTING, [...list, issuer], vscode.ConfigurationTarget.Global);
    log().info(`Issuer ${shownText(issuer)} added to the user setting jwtStudio.trustedIssuers`);
    this.settingsChanged();
  }

  /** The settings scopes whose list names the issuer. */
  scopesHolding(issuer: string): SettingScope[] {
    const values = this.values();
    return SETTING_SCOPES.filter((scope) => scopeHolds(scopeValue(values, scope), issuer));
  }

  /** Removes the issuer from every settings list that names it, and its cached keys. */
  async remove(issuer: string): Promise<void> {
    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    for (const scope of this.scopesHolding(issuer)) {
      await config.update(TRUSTED_ISSUERS_SETTING, withoutIssuer(scopeValue(this.values(), scope), issuer), TARGETS[scope]);
    }
    await this.store().remove(issuer);
    log().info(`Issuer ${shownText(issuer)} removed, with its cached keys`);
    this.settingsChanged();
  }

  private values(): SettingValues {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<unknown>(TRUSTED_ISSUERS_SETTING) ?? {};
  }

  private parsed(): { settings: IssuerSettings; byIssuer: Map<string, ConfiguredIssuer> } {
    if (!this.read) {
      const settings = readIssuerSettings(this.values(), vscode.workspace.isTrusted, tokenCore());
      this.read = { settings, byIssuer: new Map(settings.issuers.map((issuer) => [issuer.issuer, issuer])) };
      for (const problem of settings.problems) log().warn(`jwtStudio.trustedIssuers: ${shownText(problem.message, 600)}`);
      if (settings.ignoredUntrusted > 0) {
        log().info(`jwtStudio.trustedIssuers: ${settings.ignoredUntrusted} entr${settings.ignoredUntrusted === 1 ? 'y' : 'ies'} in workspace settings ignored: this workspace is not trusted`);
      }
    }
    return this.read;
  }

  private settingsChanged(): void {
    this.read = undefined;
    this.updateContext();
    this.changed.fire();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', HAS_TRUSTED_ISSUERS_CONTEXT, this.hasEntries());
  }

  private store(): IssuerKeysStore {
    this.keyStore ??= new IssuerKeysStore(this.globalState);
    return this.keyStore;
  }

  private hostConfirmed(host: string): boolean {
    return isHostConfirmed(this.globalState, CONFIRMED_ISSUER_HOSTS, host);
  }

  private confirmFetch(url: FetchableUrl, issuer: string, what: 'discovery' | 'jwks'): Promise<boolean> {
    const name = shownText(issuer);
    const document = what === 'jwks' ? 'its JWK Set (public keys)' : 'its discovery document';
    const where = url.loopback ? ' It is this machine.' : '';
    return confirmNewHost(this.globalState, {
      key: CONFIRMED_ISSUER_HOSTS,
      host: url.host,
      message: `Fetch the keys of issuer ${name} from ${url.host}?`,
      detail:
        `This is the first time JWT Studio fetches from ${url.host}.${where} It asks for ${document} at ${shownText(url.href, 300)} with a plain GET request, ` +
        `sending no cookies, credentials or tokens, and verifies tokens whose "iss" is ${name} with the keys published there. ` +
        `Later fetches from this host (Refresh, a token with a new kid, stale keys) do not ask again.`,
      action: 'Fetch',
    });
  }

  private fetchNow(issuer: ConfiguredIssuer, mode: 'explicit' | 'background'): Promise<KeysFetch> {
    const running = this.inflight.get(issuer.issuer);
    if (running && mode === 'background') return running;
    const work = (async (): Promise<KeysFetch> => {
      // The person's own Refresh waits for a background fetch, then fetches (and may ask) itself.
      if (running) await running;
      const store = this.store();
      const startedAt = Date.now();
      store.markAttempt(issuer.issuer, startedAt);
      const result = await fetchIssuerKeys(issuer, {
        rules: tokenCore(),
        allow: (url, what) => (mode === 'explicit' ? this.confirmFetch(url, issuer.issuer, what) : Promise.resolve(this.hostConfirmed(url.host))),
      }).catch((error: unknown): KeysFetch => {
        log().error(`Fetching the keys of issuer ${shownText(issuer.issuer)} failed`, error);
        return { ok: false, message: 'an unexpected error (see the "JWT Studio" log).' };
      });
      const name = shownText(issuer.issuer);
      if (result.ok) {
        await store.recordSuccess(issuer.issuer, result.keys, result.notes, startedAt);
        const skipped = result.notes.length > 0 ? ` (${result.notes.length} skipped)` : '';
        log().info(`Issuer ${name}: ${keyCountWords(result.keys)} fetched from ${shownText(result.keys.jwksUri, 300)}${skipped}`);
      } else {
        const message = mode === 'background' && result.declined ? `${result.message} Refresh the issuer in the Keys view to confirm the host.` : result.message;
        await store.recordFailure(issuer.issuer, message, startedAt);
        log().warn(`Issuer ${name}: keys not fetched: ${shownText(message, 600)}`);
      }
      this.changed.fire();
      return result;
    })();
    const tracked = work.finally(() => {
      if (this.inflight.get(issuer.issuer) === tracked) this.inflight.delete(issuer.issuer);
    });
    this.inflight.set(issuer.issuer, tracked);
    return tracked;
  }
}
