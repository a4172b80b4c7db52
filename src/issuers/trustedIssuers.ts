// The trusted issuers' service in dist/issuers.js: the setting as read, the cached keys, fetching them
// (explicitly, with a confirmation for a new host and a progress notification, or in the background for
// a confirmed host), and the settings writes of Trust and Remove. The verifier, the Keys view and the
// commands share one instance (index.ts).
import * as vscode from 'vscode';
import type * as TokenCore from '../bundles/coreBundle';
import type { FetchableUrl } from '../core';
import { CONFIG_SECTION } from '../config';
import { confirmNewHost, isHostConfirmed } from '../profiles/hostConfirm';
import type { IssuerLookup, IssuersDeps, IssuerSourceApi, RefetchReason } from './issuerApi';
import { fetchIssuerKeys, type KeysFetch } from './issuerFetch';
import { IssuerKeysStore, type StoredIssuer } from './issuerKeysStore';
import { readIssuerSettings, scopeHolds, scopeValue, SETTING_SCOPES, withoutIssuer, type ConfiguredIssuer, type IssuerSettings, type SettingScope, type SettingValues } from './issuerSettings';
import { agoWords, keyCountWords, shownText } from './issuerWords';
import { TRUSTED_ISSUERS_SETTING } from './issuerScopes';

/** Hosts the person allowed JWT Studio to fetch issuer keys from (embed hosts are a separate list). */
export const CONFIRMED_ISSUER_HOSTS = 'jwtStudio.confirmedIssuerHosts';

const TARGETS: Record<SettingScope, vscode.ConfigurationTarget> = {
  global: vscode.ConfigurationTarget.Global,
  workspace: vscode.ConfigurationTarget.Workspace,
  workspaceFolder: vscode.ConfigurationTarget.WorkspaceFolder,
};

export class TrustedIssuers implements IssuerSourceApi {
  private read: { settings: IssuerSettings; byIssuer: Map<string, ConfiguredIssuer> } | undefined;
  private keyStore: IssuerKeysStore | undefined;
  private readonly inflight = new Map<string, Promise<KeysFetch>>();
  private readonly globalState: vscode.Memento;
  readonly core: () => typeof TokenCore;
  readonly log: () => vscode.LogOutputChannel;
  private readonly changed: vscode.EventEmitter<void>;

  constructor(deps: IssuersDeps) {
    this.globalState = deps.globalState;
    this.core = deps.core;
    this.log = deps.log;
    this.changed = deps.changed;
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
    if (!this.store().claimRefetch(iss, Date.now(), this.core().mayRefetch)) return undefined;
    const why = reason === 'missing' ? 'none are cached' : reason === 'stale' ? 'the cached ones are stale' : 'a token has a kid they do not hold';
    this.log().info(`Issuer ${shownText(iss)}: fetching its keys in the background (${why})`);
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
    this.log().info(`Issuer ${shownText(issuer)} added to the user setting jwtStudio.trustedIssuers`);
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
    this.log().info(`Issuer ${shownText(issuer)} removed, with its cached keys`);
    this.settingsChanged();
    this.changed.fire();
  }

  private values(): SettingValues {
    return vscode.workspace.getConfiguration(CONFIG_SECTION).inspect<unknown>(TRUSTED_ISSUERS_SETTING) ?? {};
  }

  private parsed(): { settings: IssuerSettings; byIssuer: Map<string, ConfiguredIssuer> } {
    if (!this.read) {
      const settings = readIssuerSettings(this.values(), vscode.workspace.isTrusted, this.core());
      this.read = { settings, byIssuer: new Map(settings.issuers.map((issuer) => [issuer.issuer, issuer])) };
      for (const problem of settings.problems) this.log().warn(`jwtStudio.trustedIssuers: ${shownText(problem.message, 600)}`);
      if (settings.ignoredUntrusted > 0) {
        this.log().info(`jwtStudio.trustedIssuers: ${settings.ignoredUntrusted} entr${settings.ignoredUntrusted === 1 ? 'y' : 'ies'} in workspace settings ignored: this workspace is not trusted`);
      }
    }
    return this.read;
  }

  /** Read the entries again when next asked (the first bundle says when the setting changed). */
  settingsChanged(): void {
    this.read = undefined;
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
        rules: this.core(),
        allow: (url, what) => (mode === 'explicit' ? this.confirmFetch(url, issuer.issuer, what) : Promise.resolve(this.hostConfirmed(url.host))),
      }).catch((error: unknown): KeysFetch => {
        this.log().error(`Fetching the keys of issuer ${shownText(issuer.issuer)} failed`, error);
        return { ok: false, message: 'an unexpected error (see the "JWT Studio" log).' };
      });
      const name = shownText(issuer.issuer);
      if (result.ok) {
        await store.recordSuccess(issuer.issuer, result.keys, result.notes, startedAt);
        const skipped = result.notes.length > 0 ? ` (${result.notes.length} skipped)` : '';
        this.log().info(`Issuer ${name}: ${keyCountWords(result.keys)} fetched from ${shownText(result.keys.jwksUri, 300)}${skipped}`);
      } else {
        const message = mode === 'background' && result.declined ? `${result.message} Refresh the issuer in the Keys view to confirm the host.` : result.message;
        await store.recordFailure(issuer.issuer, message, startedAt);
        this.log().warn(`Issuer ${name}: keys not fetched: ${shownText(message, 600)}`);
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
