// What the first bundle and dist/issuers.js (entry issuers/index.ts) say to each other: the loader
// (issuers/lazy.ts) hands the bundle its dependencies and gets the issuers' API back; the Keys view's rows
// of the issuers' section travel between them as IssuerNode values. Only types and one small guard here.
import type * as vscode from 'vscode';
import type * as TokenCore from '../bundles/coreBundle';
import type { TokenRefs } from '../documents/tokenRefs';
import type { Verdict } from '../documents/verdicts';
import type { StoredIssuer } from './issuerKeysStore';
import type { ConfiguredIssuer } from './issuerSettings';

/** A row of the Keys view's "Trusted issuers" section. */
export type IssuerNode =
  | { issuerNode: 'section' }
  | { issuerNode: 'issuer'; issuer: string }
  | { issuerNode: 'key'; issuer: string; index: number; kid?: string; alg?: string; kty: string; crv?: string }
  | { issuerNode: 'problem'; id: number; message: string };

/** Is this tree element (or command argument) one of the section's rows? Key rows are ring entries, without `issuerNode`. */
export function isIssuerNode(node: unknown): node is IssuerNode {
  return typeof node === 'object' && node !== null && Object.hasOwn(node, 'issuerNode');
}

/** What dist/issuers.js gets from the first bundle. */
export interface IssuersDeps {
  globalState: vscode.Memento;
  /** The token core (dist/core.js), through the first bundle's accessor. */
  core: () => typeof TokenCore;
  /** The first bundle's log channel: the bundle opens none of its own. */
  log: () => vscode.LogOutputChannel;
  refs: TokenRefs;
  /** Fired when keys were fetched or removed; the first bundle's verifier and Keys view listen. */
  changed: vscode.EventEmitter<void>;
}

/** What dist/issuers.js offers. */
export interface IssuersApi {
  /** `ring`: the ring's verdict (no keys, or none matching); the trusted issuer the token's `iss` names may verify it. */
  verdict(token: string, ring: Verdict): Promise<Verdict>;
  treeChildren(node: IssuerNode): IssuerNode[];
  treeItem(node: IssuerNode): vscode.TreeItem;
  trust(arg: unknown): Promise<void>;
  refresh(arg: unknown): Promise<void>;
  remove(arg: unknown): Promise<void>;
  /** The setting, or the workspace's trust, changed: read the entries again. */
  settingsChanged(): void;
}

/** A trusted issuer as the verifier sees it: what the settings say, and what the cache holds. */
export interface IssuerLookup {
  trusted: ConfiguredIssuer;
  /** The cache's entry; its keys are left out when they came from another `jwksUri` than the one configured now. */
  stored: StoredIssuer | undefined;
  /** The first fetch from the issuer's host was confirmed: background fetches may go there. */
  hostConfirmed: boolean;
}

/** Why the verifier asks for keys in the background. */
export type RefetchReason = 'missing' | 'unknown-kid' | 'stale';

/** What an issuer verdict reads (issuerVerdict.ts); lookups read memory only: no network, no storage read after the first. */
export interface IssuerSourceApi {
  /** The trusted issuer whose identifier is exactly `iss`. */
  lookup(iss: string): IssuerLookup | undefined;
  /**
   * A fetch in the background, when one is allowed (the host was confirmed, and the last background fetch
   * was long enough ago); undefined when not. Resolves true when new keys were stored.
   */
  refetch(iss: string, reason: RefetchReason): Promise<boolean> | undefined;
}
