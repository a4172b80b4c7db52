import * as vscode from 'vscode';
import { tokenCore } from '../bundles/tokenCore';
import type { KeyBindingState, KeyMaterial, SignatureState, VerifyReport } from '../core';
import type { SdJwtVerifyReport } from '../core/jose/sdJwtVerify';
import { ringKeyName, ringKeyNamer } from '../core/keys/names';
import { Disposable } from '../disposable';
import type { KeyEntry, KeyRingReader } from '../keys/keyRingApi';
import { log } from '../log';

export interface Verdict {
  state: SignatureState;
  /** The ring entry whose key verified the signature. */
  entry?: KeyEntry;
  report?: VerifyReport;
  /** An SD-JWT's key-binding JWT, when it has one. */
  keyBinding?: KeyBindingState;
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

  constructor(private readonly keyRing: KeyRingReader | undefined) {
    super();
    if (keyRing) {
      this._register(
        keyRing.onDidChange(() => {
          this.version += 1;
          this.verdicts.clear();
          this.running.clear();
          this.decrypted.clear();
          this.keys = undefined;
          this.scheduleUpdate();
        }),
      );
    }
    this._register({ dispose: () => clearTimeout(this.updateTimer) });
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
    const keyName = ringKeyNamer(this.keyRing?.entries() ?? []);
    if (sdJwt) return sdJwtVerdict(await tokenCore().verifySdJwt(token, keys, { keyName }), keys.length, this.keyRing?.entries() ?? []);
    const report = await tokenCore().verifyToken(token, keys, { keyName });
    return { ...verdictOf(report, keys.length, this.keyRing?.entries() ?? []), report };
  }
}

/**
 * An SD-JWT's verdict: its issuer signature's, unless that holds and the
 * presentation does not (a disclosure matches no digest, a key binding fails).
 * Never offered for re-signing: that would drop the disclosures.
 */
function sdJwtVerdict(report: SdJwtVerifyReport, keyCount: number, entries: readonly KeyEntry[]): Verdict {
  const { state } = verdictOf(report, keyCount, entries);
  const verdict: Verdict = { state, report };
  const kb = report.sdJwt.keyBinding;
  if (kb) verdict.keyBinding = kb;
  if (state.status === 'verified' && (!report.sdJwt.intact || kb?.status === 'invalid')) {
    const detail = report.sdJwt.problems[0] ?? `the key binding does not hold: ${kb?.detail ?? ''}`;
    verdict.state = { status: 'not-intact', key: state.key, detail };
  }
  return verdict;
}

function verdictOf(report: VerifyReport, keyCount: number, entries: readonly KeyEntry[]): Verdict {
  switch (report.signature) {
    case 'valid': {
      // The report names the key by kid and alg; only an entry that alone has both is named as the
      // key that verified (several may share a kid), and only then is it offered for re-signing.
      const { name, entry } = ringKeyName(entries, report.key, 'sig');
      return { state: { status: 'verified', key: name }, ...(entry ? { entry } : {}) };
    }
    case 'invalid':
      // Only a key chosen by kid says the token was tampered with; keys tried
      // merely for sharing the algorithm say no more than "not ours".
      return { state: report.key?.matchedBy === 'kid' ? { status: 'invalid' } : { status: 'no-matching-key' } };
    case 'no-matching-key':
    case 'wrong-key-type':
      return { state: keyCount === 0 ? { status: 'no-keys' } : { status: 'no-matching-key' } };
    case 'unsigned':
      return { state: { status: 'unsigned' } };
    case 'encrypted':
      return { state: { status: 'encrypted' } };
    default:
      // The report says why (a runtime without ML-DSA, a critical extension, an algorithm never verified); it holds no token text.
      return { state: { status: 'unsupported', detail: report.message } };
  }
}
