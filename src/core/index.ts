// The core's public API. Decode-side functions never throw on bad input:
// they return a Result with a stable error code and a message a person can act on.

export * from './base/types';

/** Every compact JWS/JWE and SD-JWT (issuer-signed JWT~disclosures~[KB-JWT]) overlapping [from, to) in any text, with absolute offsets; linear time, never throws. */
export { findTokens } from './token/findTokens';
export type { FoundToken, FindTokensOptions } from './token/findTokens';

/** Decodes one compact token (no key) into header, payload and findings; an SD-JWT also into its disclosures, placed where their digests are, and its key-binding JWT; bounded by maxLength; never throws. */
export { decodeToken } from './token/decode';
export type { DecodedToken, Payload, DecodeOptions, DecodeError, DecodeResult, DecodedSdJwt, SdJwtDisclosure, SdJwtKeyBinding } from './token/decode';

/** Describes exp/nbf/iat relative to `now` (ms) with range checks before any Date maths; never throws. */
export { describeTimes } from './token/times';
/** "45 s", "4 min", "3 h", "2 days", "1 year" for a number of seconds (sign ignored). */
export { formatDuration } from './token/times';
export type { TimeStatus, TimeClaim, TimeDescription, DescribeTimesOptions } from './token/times';

/** Re-indents JSON text as written (exact numbers, visible escapes), depth- and length-bounded, iterative; never throws. */
export { prettyJson } from './text/json';
/** One pass over JSON text: duplicates, depth, unsafe integers, prototype names, suspicious strings; never throws. */
export { inspectJson } from './text/json';
/** A single value for the UI with invisible/bidi/control characters as \uXXXX, capped with '…'. */
export { visibleText } from './text/json';
export type { JsonInspection, InspectJsonOptions, PrettyJsonOptions } from './text/json';

/** The decoded view of a token as JSONC text, and its one-line summary ("JWT · HS256 · kid …"). */
export { renderDecodedJsonc, summaryLine } from './token/decodedText';
/** Time claims of a decoded token with raw values as written; undefined without a claims set. */
export { describeTokenTimes } from './token/decodedText';

// ---- keys, signing, verification, encryption

/** Generates a key for exactly one algorithm (RSA 2048–4096, EC P-256/384/521, Ed25519, X25519, sized secrets); kid = RFC 7638 thumbprint of a key pair's public half, random for a shared secret, unless given; never throws. */
export { generateKey } from './keys/keys';
/** Reads PEM (PKCS#8, SPKI, PKCS#1, SEC1, X.509), JWK, JWKS or a shared secret into keys with a fixed alg; refuses private keys whose public half is not their own; never turns key material into a secret, in any encoding; never throws. */
export { importKey } from './keys/keys';
/** The public half as SPKI PEM, public JWK or JWKS text; shared secrets are refused (KEY_NO_PUBLIC); never throws. */
export { exportPublicKey } from './keys/keys';
/** The private half (or a shared secret's oct JWK) as JWK text with only RFC 7517 members; KEY_NOT_PRIVATE when none is stored; never throws. */
export { exportPrivateJwk } from './keys/keys';
/** RFC 7638 SHA-256 thumbprint (base64url) of a JWK; rejects when the JWK lacks its required members. */
export { thumbprint } from './keys/keys';
/** A copy of the key without its private half (a shared secret keeps nothing). */
export { publicOnly } from './keys/keys';
/** The jose key for sign / verify / encrypt / decrypt, imported once per KeyMaterial object and cached; refuses uses the key is not for; never throws. */
export { cryptoKeyFor } from './keys/keys';
/** "RSA 2048 bits", "EC P-256", "shared secret, 32 bytes": a key's shape for lists and hovers. */
export { describeKey } from './keys/keys';
/** 'verify-only' for a signing key's public half, 'encrypt-only' for an encryption key's. */
export { publicHalfRole } from './keys/keys';
export type { GenerateKeySpec, ImportKeyOptions, ImportedKeyDetail, ImportedKeys, KeyUsage } from './keys/keys';

/** Signs a JWT with the key's own algorithm (header template can never choose it); refuses none, short secrets, b64/crit, jku/x5u/jwk/x5c; never throws or mutates its input. */
export { signToken } from './jose/sign';
export type { SignOptions, SignedToken } from './jose/sign';

/** Verifies a compact JWS against stored keys (exact kid, else same alg; never the token's own keys); signature and claims judged separately; never throws. */
export { verifyToken } from './jose/verify';
export type { SignatureStatus, ClaimProblem, VerifyReport, VerifyOptions } from './jose/verify';
/** Verifies an SD-JWT presentation: the issuer-signed JWT like any JWS, the processed claims, the disclosure checks, and a key-binding JWT against cnf.jwk only when the issuer signature holds; never throws. */
export { verifySdJwt } from './jose/sdJwtVerify';
export type { SdJwtVerifyOptions, SdJwtVerifyReport } from './jose/sdJwtVerify';

/** Encrypts to a key with its own alg (RSA1_5 refused, PBES2 only when allowed); a compact JWS as plaintext gets cty JWT; never throws. */
export { encryptToken } from './jose/jwe';
/** Decrypts a compact JWE with bounded decompression, PBES2 count and nesting; one generic failure message; says whether origin is authenticated; never throws. */
export { decryptToken } from './jose/jwe';
export type { EncryptOptions, EncryptedToken, DecryptOptions, DecryptedToken } from './jose/jwe';

/** One name for a key wherever a person sees it: the ring id, with its kid beside it when they differ. */
export { keyName, shortKid, ringKeyName, ringKeyNamer, kidName } from './keys/names';
export type { KeyNamer, NamedKey } from './keys/names';

/** Token-derived text as inert markdown that still wraps: every ASCII punctuation escaped, invisible characters shown. */
export { escapeMarkdown } from './text/markdown';

// ---- tokens in documents: hints, findings, hover content, bounded line scans

/** Inline hint text from a template, diagnostics findings, placeholder text, re-sign lifetime, hover blocks; pure and never throw. */
export { hintText, expiryWords, signatureWords, classifyToken, placeholderFor, resignLifetimeSeconds, DEFAULT_HINT_FORMAT } from './token/insights';
export type { SignatureState, KeyBindingState, IssuerSource, IssuerKeysSource, Insight, InsightCode, ClassifyOptions } from './token/insights';
export { hoverBlocks, oversizeBlocks, MAX_HOVER_JSON_CHARS } from './token/hoverBlocks';
export type { HoverBlock, HoverExtras } from './token/hoverBlocks';
/** Tokens in given line ranges only (visible ranges, the hovered line), bounded by lines, characters and count. */
export { findTokensInLines, tokenAtColumn } from './token/lineScan';
export type { LineSource, LineRange, LineToken, ScanLinesOptions } from './token/lineScan';

// ---- presets, profiles, completions, embed URLs

/** Built-in vendor presets, then user presets (a user preset with a built-in id replaces it). */
export { listPresets } from './profiles/presets';
/** The preset with an id from a list (default: built-ins), or undefined. */
export { findPreset } from './profiles/presets';
/** Reads a user preset from YAML/JSON text; its shape, schemas and templates are checked; fails with the first problem and its line. */
export { parsePreset } from './profiles/presets';
/** Every problem of a user preset with [start, end) ranges, plus the preset when it is usable; never throws. */
export { checkPreset } from './profiles/presets';
/** Claims checked against a preset's JSON Schema (ajv, compiled once per schema); problems with dotted paths, stable codes and actionable messages. */
export { validateClaims } from './profiles/presets';
/** The registered claims a generator can add (iat, exp, nbf, jti). */
export { REGISTERED_CLAIMS } from './profiles/presets';
export type { Preset, JsonSchema, RegisteredClaim, HeaderMemberRule, ClaimSchemaProblem } from './profiles/presets';

/** Parses a `*.jwt.yaml` profile against its preset and the key ring's public index; every diagnostic has an exact [start, end) range; never throws. */
export { parseProfile } from './profiles/profile';
/** The signToken arguments (minus the key) for a profile: registered claims per the preset, header kid/typ/member rules; refuses lifetimes over the vendor max. */
export { buildTokenRequest } from './profiles/tokenRequest';
/** A starting profile for a preset with every required claim as a placeholder and comments from the schema. */
export { newProfileTemplate } from './profiles/template';
/** The top-level properties a profile may have. */
export { PROFILE_PROPERTIES } from './profiles/profileTypes';
export type { Profile, ProfileParse, ProfileKeyInfo, ProfileContext } from './profiles/profileTypes';
export type { TokenRequest } from './profiles/tokenRequest';
export type { ProfileDiagnostic } from './text/yamlRanges';

/** The Token Editor's form model of a profile: rows per claim with schema kinds and their diagnostics, key and preset choices, an unsigned preview; never throws. */
export { editorModel, NUMERIC_DATE_CLAIMS } from './tokenEditor/model';
export type { ClaimSwitch, ClaimType, EditorModel, EditorModelContext, FieldKind, FieldRow, FieldSuggestion, FormControl, KeyChoice, RegisteredSwitch, SwitchedClaim } from './tokenEditor/model';
/** A form change (set / remove / rename at a key path) as minimal text edits that keep comments and order; refuses broken YAML; never throws. */
export { editProfile, applyTextEdits } from './tokenEditor/edits';
export type { ProfileEdit, ProfilePath, TextEdit } from './tokenEditor/edits';
/** Completion candidates at an offset of a profile's text, from the line and the keys above it (works on invalid YAML); never throws. */
export { completionsAt } from './profiles/completions';
/** Hover text (escaped for markdown) for the claim, embed parameter or property under an offset, or undefined; never throws. */
export { hoverAt } from './profiles/completions';
export type { Completion, CompletionContext } from './profiles/completions';

/** The embed URL, snippets and receiving host from a preset's templates; each value encoded for where it lands; unsafe origins refused; never throws. */
export { renderEmbed } from './profiles/embed';
export type { RenderedEmbed } from './profiles/embed';
/** Splits a URL/snippet template into parts; every placeholder must name its encoding ({token|query}). */
export { parseTemplate, TEMPLATE_FILTERS } from './profiles/embedTemplate';
export type { TemplateFilter, TemplatePart } from './profiles/embedTemplate';

/** Seconds for `300`, `300s`, `5m`, `1h`, `1d`; undefined when unreadable or not positive. */
export { parseTtl, formatTtl, TTL_SHORTHANDS } from './profiles/ttl';

// ---- trusted issuers (src/core/issuers/): what may be fetched, discovery, JWK Sets, freshness, verification
export type { TrustedIssuer, FetchableUrl, IssuerKeys, JwkSetReading, IssuerVerdict } from './issuers/issuers';
/** An issuer identifier: https (http only to loopback), no user info, query, fragment or dot segment; kept exactly as given. trustableIssuer: parseIssuer accepts it (only then is "Trust issuer" offered). issuerKeyUrl: a jwks_uri, on this machine only when the issuer is. */
export { parseIssuer, fetchableUrl, trustableIssuer, issuerKeyUrl, MAX_ISSUER_LENGTH } from './issuers/issuerUrl';
/** One trusted-issuers setting entry (an issuer URL, or {issuer, jwksUri?, audiences?}) checked at the boundary: ISSUER_SETTING_INVALID for a malformed member, never a skipped check. */
export { readTrustedIssuer } from './issuers/trustedIssuer';
/** The OIDC and RFC 8414 metadata URLs of an issuer; a fetched document with `issuer` equal exactly and a fetchable `jwks_uri` (otherHost: confirm its host first). */
export { discoveryUrls, readDiscovery } from './issuers/discovery';
/** A fetched JWK Set: public signature keys kept, the rest skipped with a note. */
export { readJwkSet } from './issuers/jwkSet';
/** Freshness from Cache-Control less Age, within bounds; at most one refetch per issuer per REFETCH_INTERVAL_MS. */
export { freshForMs, mayRefetch, REFETCH_INTERVAL_MS, MIN_FRESH_MS, MAX_FRESH_MS, DEFAULT_FRESH_MS } from './issuers/cachePolicy';
/** A token's `iss`; verification with a trusted issuer's cached keys (iss exact, aud when configured). */
export { tokenIssuer, verifyWithIssuer } from './issuers/issuerVerify';
/** A verifyWithIssuer verdict as the SignatureState hover, hints and diagnostics word: verified by the issuer (with its iss / aud problems), invalid, or no key of the issuer matches. */
export { issuerSignatureState, issuerKidName } from './issuers/issuerState';
