// src/keys/: the key ring and everything a person does with keys. This file (the folder's entry) is the
// ring over SecretStorage (private halves) and workspace / global state (the index); keyRingApi.ts is what
// other folders read, keyRingNames.ts the ring-id rules, keysTreeProvider.ts the Keys view, decryptPem.ts
// opens encrypted PEM keys, keyJwkLazy.ts loads the key JWK tabs (dist/keyJwk.js); the bodies of the key
// commands are in commands/ (registered from src/commands/table.ts).
import * as vscode from 'vscode';
import type { Jwk, KeyMaterial } from '../core';
import { publicHalfRole } from '../core/keys/roles';
import { Disposable } from '../disposable';
import { log } from '../log';
import type { KeyEntry, KeyRingReader, KeyScope } from './keyRingApi';
import { SECRET_PREFIX, keyIdProblem, keyLabelProblem, secretName, workspaceNamespace } from './keyRingNames';

/** Memento key of the non-secret index, in workspace state and in global state. */
const INDEX_KEY = 'jwtStudio.keyIndex';

/** A key about to join the ring. */
export interface NewKey {
  id: string;
  label: string;
  scope: KeyScope;
  material: KeyMaterial;
  /** The kid was typed or came with the key (see `KeyEntry.kidGiven`). */
  kidGiven?: boolean;
}

/** A refusal the user can act on (duplicate id, unknown key): shown as is. */
export class KeyRingError extends Error {}

/**
 * The key ring: a non-secret index in workspace / global state and the
 * private halves in SecretStorage, one entry per key. The index is always
 * written before the secret, so another window that hears the secret change
 * reads an index that already knows the key.
 */
export class KeyRing extends Disposable implements KeyRingReader {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange: vscode.Event<void> = this.changed.event;

  /** Ids whose index says a secret was stored but SecretStorage has none. */
  private missing = new Set<string>();
  /** Full keys read once; dropped whenever anything changes. */
  private readonly cache = new Map<string, Promise<KeyMaterial | undefined>>();
  private readonly publicKeys = new Map<string, KeyMaterial>();
  private readonly namespace: string;

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    const ws = vscode.workspace.workspaceFile ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    this.namespace = workspaceNamespace(ws?.toString());
    this._register(
      context.secrets.onDidChange((event) => {
        if (event.key.startsWith(`${SECRET_PREFIX}/`)) void this.refresh();
      }),
    );
    void this.refresh();
  }

  entries(): readonly KeyEntry[] {
    return [...this.readIndex('workspace'), ...this.readIndex('global')];
  }

  entry(id: string): KeyEntry | undefined {
    return this.entries().find((e) => e.id === id);
  }

  /** True when the index promises a private half or secret that SecretStorage does not hold (another machine, cleared keychain). */
  isSecretMissing(id: string): boolean {
    return this.missing.has(id);
  }

  material(id: string): Promise<KeyMaterial | undefined> {
    let pending = this.cache.get(id);
    if (!pending) {
      pending = this.loadMaterial(id);
      this.cache.set(id, pending);
    }
    return pending;
  }

  async verificationKeys(): Promise<KeyMaterial[]> {
    const out: KeyMaterial[] = [];
    for (const entry of this.entries()) {
      if (entry.use !== 'sig') continue;
      if (entry.kty === 'oct') {
        const key = await this.material(entry.id);
        if (key) out.push(key);
        continue;
      }
      // Asymmetric keys verify with their public half alone: no SecretStorage read, and the
      // same object each time so the core's per-key crypto cache holds.
      let key = this.publicKeys.get(entry.id);
      if (!key) {
        key = publicMaterialOf(entry);
        this.publicKeys.set(entry.id, key);
      }
      if (key.publicJwk) out.push(key);
    }
    return out;
  }

  /** Adds a key; refuses a taken or malformed id, and a label with hidden characters. */
  async add(key: NewKey): Promise<KeyEntry> {
    const problem = keyIdProblem(key.id, this.entries().map((e) => e.id)) ?? (key.label ? keyLabelProblem(key.label) : undefined);
    if (problem) throw new KeyRingError(problem);
    const m = key.material;
    const entry: KeyEntry = {
      id: key.id,
      label: key.label || key.id,
      kid: m.kid,
      alg: m.alg,
      use: m.use,
      kty: m.kty,
      size: m.size,
      ...(m.publicJwk ? { publicJwk: m.publicJwk } : {}),
      scope: key.scope,
      created: new Date().toISOString(),
      hasPrivate: m.privateJwk !== undefined,
      ...(key.kidGiven !== undefined ? { kidGiven: key.kidGiven } : {}),
    };
    await this.writeIndex(key.scope, [...this.readIndex(key.scope), entry]);
    if (m.privateJwk) {
      try {
        await this.context.secrets.store(this.secretNameOf(entry), JSON.stringify(m.privateJwk));
      } catch (error) {
        await this.writeIndex(key.scope, this.readIndex(key.scope).filter((e) => e.id !== entry.id));
        throw error;
      }
    }
    log().info(`Key '${entry.id}' added (${entry.alg}, ${entry.size}, ${entry.scope}${entry.hasPrivate ? '' : `, ${publicHalfRole(entry)}`})`);
    await this.refresh();
    return entry;
  }

  /** Gives a key a new id (its secret moves with it) and, optionally, a new label. */
  async rename(id: string, newId: string, newLabel?: string): Promise<KeyEntry> {
    const old = this.requireEntry(id);
    if (newId !== id) {
      const problem = keyIdProblem(newId, this.entries().map((e) => e.id).filter((other) => other !== id));
      if (problem) throw new KeyRingError(problem);
    }
    const labelProblem = newLabel !== undefined ? keyLabelProblem(newLabel) : undefined;
    if (labelProblem) throw new KeyRingError(labelProblem);
    const label = newLabel ?? (old.label === old.id ? newId : old.label);
    const renamed: KeyEntry = { ...old, id: newId, label };
    const secret = old.hasPrivate ? await this.context.secrets.get(this.secretNameOf(old)) : undefined;
    await this.writeIndex(old.scope, this.readIndex(old.scope).map((e) => (e.id === id ? renamed : e)));
    if (newId !== id && secret !== undefined) {
      await this.context.secrets.store(this.secretNameOf(renamed), secret);
      await this.context.secrets.delete(this.secretNameOf(old));
    }
    log().info(`Key '${id}' renamed to '${newId}'`);
    await this.refresh();
    return renamed;
  }

  /** Removes a key and its secret. */
  async remove(id: string): Promise<void> {
    const old = this.requireEntry(id);
    await this.writeIndex(old.scope, this.readIndex(old.scope).filter((e) => e.id !== id));
    if (old.hasPrivate) await this.context.secrets.delete(this.secretNameOf(old));
    log().info(`Key '${id}' deleted (${old.alg}, ${old.scope})`);
    await this.refresh();
  }

  /** Re-reads SecretStorage for the missing-secret flags, drops cached keys and tells listeners. */
  async refresh(): Promise<void> {
    this.cache.clear();
    this.publicKeys.clear();
    const missing = new Set<string>();
    for (const entry of this.entries()) {
      if (!entry.hasPrivate) continue;
      const secret = await this.context.secrets.get(this.secretNameOf(entry)).then(
        (value) => value,
        () => undefined,
      );
      if (secret === undefined) missing.add(entry.id);
    }
    this.missing = missing;
    this.changed.fire();
  }

  private requireEntry(id: string): KeyEntry {
    const entry = this.entry(id);
    if (!entry) throw new KeyRingError(`There is no key "${id}" in the ring: run "JWT: Show Keys" to see the keys there are.`);
    return entry;
  }

  private secretNameOf(entry: Pick<KeyEntry, 'scope' | 'id'>): string {
    return secretName(entry.scope, this.namespace, entry.id);
  }

  private memento(scope: KeyScope): vscode.Memento {
    return scope === 'global' ? this.context.globalState : this.context.workspaceState;
  }

  private readIndex(scope: KeyScope): KeyEntry[] {
    const raw = this.memento(scope).get<unknown>(INDEX_KEY);
    if (!Array.isArray(raw)) return [];
    // State can be edited or come from an older version: keep only well-formed entries.
    return raw.filter(isEntry).map((e) => ({ ...e, scope }));
  }

  private writeIndex(scope: KeyScope, entries: KeyEntry[]): Thenable<void> {
    return this.memento(scope).update(INDEX_KEY, entries);
  }

  private async loadMaterial(id: string): Promise<KeyMaterial | undefined> {
    const entry = this.entry(id);
    if (!entry) return undefined;
    const base = publicMaterialOf(entry);
    if (!entry.hasPrivate) return base;
    const secret = await this.context.secrets.get(this.secretNameOf(entry)).then(
      (value) => value,
      () => undefined,
    );
    if (secret === undefined) return entry.kty === 'oct' ? undefined : base;
    try {
      const privateJwk = JSON.parse(secret) as Jwk;
      if (typeof privateJwk !== 'object' || privateJwk === null || privateJwk.kty !== entry.kty) throw new Error('shape');
      return { ...base, privateJwk };
    } catch {
      log().warn(`Key '${id}': the stored secret is damaged and was ignored (${entry.alg})`);
      return entry.kty === 'oct' ? undefined : base;
    }
  }
}

function publicMaterialOf(entry: KeyEntry): KeyMaterial {
  const key: KeyMaterial = { kid: entry.kid, alg: entry.alg, use: entry.use, kty: entry.kty, size: entry.size };
  if (entry.publicJwk) key.publicJwk = entry.publicJwk;
  return key;
}

function isEntry(value: unknown): value is KeyEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return ['id', 'kid', 'alg', 'use', 'kty', 'size', 'created'].every((m) => typeof e[m] === 'string') && typeof e.hasPrivate === 'boolean' && (e.kidGiven === undefined || typeof e.kidGiven === 'boolean');
}
