// src/core/issuers/: identity providers a person chose to trust. This file is the folder's entry and the
// contract the editor adapter (src/issuers/) and the tests build on: which URLs may be fetched
// (issuerUrl.ts), a trusted-issuers setting entry (trustedIssuer.ts), discovery documents (discovery.ts,
// OpenID Connect Discovery 1.0 and RFC 8414), JWK Sets as published by an issuer (jwkSet.ts), how long
// fetched keys stay fresh and when a refetch is allowed (cachePolicy.ts), verifying a token with an
// issuer's keys (issuerVerify.ts, its iss and aud checks in issuerClaims.ts), and the verdict as the state
// hover, hints and diagnostics word (issuerState.ts). Pure: no network, no storage; the adapter fetches
// and stores, and hands the text and the times in.

import type { Jwk, KeyMaterial, Result } from '../base/types';
import type { VerifyReport } from '../jose/verify';

/** An issuer a person trusts: from a setting (read with readTrustedIssuer), the Keys view or a hover link. */
export interface TrustedIssuer {
  /** Exactly as configured; a token's `iss` must equal it character for character (OIDC Discovery §4.3). */
  issuer: string;
  /** Fetched instead of discovering it, when given. */
  jwksUri?: string;
  /** When given, a token's `aud` must hold one of them. */
  audiences?: string[];
}

/** A URL that may be fetched: `https:`, or `http:` only to a loopback host (127.0.0.0/8, [::1], localhost). */
export interface FetchableUrl {
  /** The URL as a browser reads it (WHATWG serialisation), which is what is fetched. */
  href: string;
  /** Host (with port when not the default), as shown in the confirmation. */
  host: string;
  /** On this machine: the adapter sends such a request directly, never through a proxy (it would leave the machine, over http in clear text). */
  loopback: boolean;
}

/** The JWK Set of an issuer as the adapter caches it (plain JSON, kept in extension storage). */
export interface IssuerKeys {
  issuer: string;
  jwksUri: string;
  /** Public JWKs that passed readJwkSet (private members never kept). */
  keys: Jwk[];
  /** Milliseconds since 1970 of the fetch these keys came from. */
  fetchedAt: number;
  /** Until when they are fresh (cachePolicy: Cache-Control within bounds). */
  freshUntil: number;
}

/** What readJwkSet made of a fetched JWK Set. */
export interface JwkSetReading {
  keys: Jwk[];
  /** One sentence each: a key skipped (use "enc", unknown kty or alg, private members, bad shape) or a duplicate kid. */
  notes: string[];
}

/** The verdict of verifyWithIssuer. */
export interface IssuerVerdict {
  /** verifyToken's report; for an SD-JWT (a token with `~`) verifySdJwt's, an SdJwtVerifyReport with its `sdJwt` member. */
  report: VerifyReport;
  /** The token's kid is not among the issuer's cached keys: the adapter may refetch (mayRefetch) and try again. */
  kidUnknown: boolean;
}

export type { KeyMaterial, Result };
