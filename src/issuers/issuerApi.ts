import type * as vscode from 'vscode';
import type { ConfiguredIssuer } from './issuerSettings';
import type { StoredIssuer } from './issuerKeysStore';

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

/**
 * What the token verifier needs from the trusted issuers (src/issuers/trustedIssuers.ts). Lookups read
 * memory only: no network, no storage read after the first.
 */
export interface IssuerSourceApi {
  /** The trusted issuer whose identifier is exactly `iss`. */
  lookup(iss: string): IssuerLookup | undefined;
  /**
   * A fetch in the background, when one is allowed (the host was confirmed, and mayRefetch says the last
   * attempt was long enough ago); undefined when not. Resolves true when new keys were stored.
   */
  refetch(iss: string, reason: RefetchReason): Promise<boolean> | undefined;
  /** Fires when the settings or the cached keys change. */
  readonly onDidChange: vscode.Event<void>;
}
