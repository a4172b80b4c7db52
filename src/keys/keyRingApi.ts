import type * as vscode from 'vscode';
import type { KeyMaterial } from '../core';

/** Where a key lives: this workspace's ring, or the ring shared by every workspace. */
export type KeyScope = 'workspace' | 'global';

/** The non-secret index entry of a key: enough for lists, hovers and completions. */
export interface KeyEntry {
  /** The ring id people pick and profiles name (unique across both scopes). */
  id: string;
  label: string;
  kid: string;
  alg: KeyMaterial['alg'];
  use: KeyMaterial['use'];
  kty: KeyMaterial['kty'];
  size: string;
  /** Absent for shared secrets. */
  publicJwk?: KeyMaterial['publicJwk'];
  scope: KeyScope;
  /** ISO date-time. */
  created: string;
  /** The index says a private half / secret was stored. */
  hasPrivate: boolean;
  /**
   * true: the kid was typed when the key was added, or came with it (a JWK's own "kid"); false: it was
   * made up (the RFC 7638 thumbprint of a key pair, random for a shared secret). Absent on keys added
   * before this was recorded. Hints that ask for the vendor's kid are shown only when it is not true.
   */
  kidGiven?: boolean;
}

/**
 * What other features need from the key ring. Reading the index never touches
 * SecretStorage; only `material` does, for signing, HMAC verification and
 * decryption.
 */
export interface KeyRingReader {
  /** Every key of this workspace and the global ring, workspace keys first. */
  entries(): readonly KeyEntry[];
  /** The full key (private half from SecretStorage when stored); undefined when the secret is missing. */
  material(id: string): Promise<KeyMaterial | undefined>;
  /** Keys usable to verify signatures: public halves, plus shared secrets read from SecretStorage. */
  verificationKeys(): Promise<KeyMaterial[]>;
  /** Fires when keys are added, removed, renamed, or changed in another window. */
  readonly onDidChange: vscode.Event<void>;
}
