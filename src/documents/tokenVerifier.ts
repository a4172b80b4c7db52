import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import type { KeyMaterial } from '../core';
import { ringKeyName, ringKeyNamer } from '../core/keys/names';
import { Disposable } from '../disposable';
import type { KeyRingReader } from '../keys/keyRingApi';
import { log } from '../log';
import { sdJwtVerdict, verdictOf, type Verdict } from './verdicts';

export type { Verdict } from './verdicts';

/** The trusted issuers (issuers/lazy.ts): a verdict for a token the ring does not verify, and when they change. */
export interface IssuerVerdicts {
  verdict(token: string, ring: Verdict): Promise<Verdict>;
  readonly onDidChange: vscode.Event<void>;
}

export interface DecryptVerdict {
  plaintext: string;
  key: string;
  authenticated: boolean;
  note: string;
}

/** Verdicts kept per ring version; a document full of tokens should not re-run crypto on every scroll. */
const MAX_CACHED = 2000;
/** Tokens longer than this are never checked in the background (explicit commands can). */
const MAX_BACKGROUND_LENGTH = 64 * 1024;

/**
 * Checks tokens against the key ring, asynchronously, once per token text and
 * ring version. Hints and diagnostics read the cache synchronously and are
 * told (onDidUpdate) when new verdicts arrive; the hover awaits them.
 */
export class TokenVerifier extends Disposable {
  private version = 0;
  private readonly verdicts = new Map<string, Verdict>();
  private readonly running = new Map<string, Promise<Verdict>>();
  private readonly decrypted = new Map<string, Promise<DecryptVerdict | undefined>>();
  private keys: Promise<KeyMaterial[]> | undefined;
  private readonly updated = this._register(new vscode.EventEmitter<void>());
  /** Fires (coalesced) after new verdicts arrived or the ring changed. */
  readonly onDidUpdate = this.updated.event;
  private updateTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly keyRing: KeyRingReader | undefined,
    private readonly issuers?: IssuerVerdicts,
  ) {
    super();
    if (keyRing) this._register(keyRing.onDidChange(() => this.invalidate()));
    // Issuer keys fetched or settings changed: every verdict may read differently.
    if (issuers) this._register(issuers.onDidChange(() => this.invalidate()));
    this._register({ dispose: () => clearTimeout(this.updateTimer) });
  }

  private invalidate(): void {
    this.version += 1;
    this.verdicts.clear();
    this.running.clear();
    this.decrypted.clear();
    this.keys = undefined;
    this.scheduleUpdate();
  }

  get hasKeyRing(): boolean {
    return this.keyRing !== undefined;
  }

  /** The cached verdict, or undefined (and a check is started) when there is none yet. */
  peek(token: string): Verdict | undefined {
    const known = this.verdicts.get(token);
    if (known) return known;
    if (token.length <= MAX_BACKGROUND_LENGTH) void this.verify(token);
    return undefined;
  }

  verify(token: string): Promise<Verdict> {
    const known = this.verdicts.get(token);
    if (known) return Promise.resolve(known);
    const running = this.running.get(token);
    if (running) return running;
    const version = this.version;
    const work = this.check(token).then(
      (verdict) => {
        if (version === this.version) {
          this.remember(token, verdict);
          this.scheduleUpdate();
        }
        this.running.delete(token);
        return verdict;
      },
      (error: unknown) => {
        this.running.delete(token);
        log().warn('Verifying a token failed', error);
        return { state: { status: 'unsupported' } } satisfies Verdict;
      },
    );
    this.running.set(token, work);
    return work;
  }

  /** Tries the ring's encryption keys on a JWE (never PBES2: no password work from a hover). */
  decrypt(token: string): Promise<DecryptVerdict | undefined> {
    const ring = this.keyRing;
    if (!ring || token.length > MAX_BACKGROUND_LENGTH) return Promise.resolve(undefined);
    let work = this.decrypted.get(token);
    if (!work) {
      work = (async () => {
        const candidates = ring.entries().filter((e) => e.use === 'enc' && e.hasPrivate);
        if (candidates.length === 0) return undefined;
        const keys = (await Promise.all(candidates.slice(0, 20).map((e) => ring.material(e.id)))).filter((k): k is KeyMaterial => k !== undefined);
        const entries = ring.entries();
        const result = await tokenCore().decryptToken(token, keys, { verifyKeys: await this.verificationKeys(), keyName: ringKeyNamer(entries) });
        if (!result.ok) return undefined;
        // Named by ring id only when one key alone has the kid and alg that opened it.
        const key = ringKeyName(entries, result.key, 'enc').name;
        return { plaintext: result.plaintext, key, authenticated: result.authenticated, note: result.note };
      })().catch(() => undefined);
      if (this.decrypted.size >= 200) this.decrypted.clear();
      this.decrypted.set(token, work);
    }
    return work;
  }

  private remember(token: string, verdict: Verdict): void {
    if (this.verdicts.size >= MAX_CACHED) {
      // Oldest first: Map keeps insertion order.
      const oldest = this.verdicts.keys().next().value;
      if (oldest !== undefined) this.verdicts.delete(oldest);
    }
    this.verdicts.set(token, verdict);
  }

  private scheduleUpdate(): void {
    if (this.updateTimer) return;
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      this.updated.fire();
    }, 150);
  }

  private verificationKeys(): Promise<KeyMaterial[]> {
    const ring = this.keyRing;
    if (!ring) return Promise.resolve([]);
    this.keys ??= ring.verificationKeys().catch((error: unknown) => {
      log().warn('Reading verification keys failed', error);
      this.keys = undefined;
      return [];
    });
    return this.keys;
  }

  private async check(token: string): Promise<Verdict> {
    // An SD-JWT first: with a key-binding JWT it has four dots, like a JWE.
    const sdJwt = token.includes('~');
    if (!sdJwt && token.split('.', 6).length === 5) return { state: { status: 'encrypted' } };
    const keys = await this.verificationKeys();
    const entries = this.keyRing?.entries() ?? [];
    const keyName = ringKeyNamer(entries);
    let verdict: Verdict;
    if (sdJwt) {
      const report = await tokenCore().verifySdJwt(token, keys, { keyName });
      verdict = sdJwtVerdict(report, verdictOf(report, keys.length, entries));
    } else {
      const report = await tokenCore().verifyToken(token, keys, { keyName });
      verdict = { ...verdictOf(report, keys.length, entries), report };
    }
    // Not the ring's: a trusted issuer's published keys may verify it.
    if (this.issuers && (verdict.state.status === 'no-keys' || verdict.state.status === 'no-matching-key')) {
      return this.issuers.verdict(token, verdict).catch((error: unknown) => {
        log().warn('Checking a token with its trusted issuer failed', error);
        return verdict;
      });
    }
    return verdict;
  }
}
