// src/bundles/: how the extension host's code is split into bundles that load on first use. This file is
// the folder's entry and the entry of dist/core.js; tokenCore.ts is the accessor the first bundle uses.
//
// The core as the token features use it: decoding, time claims, hover and hint text, keys, signing,
// verifying and decryption (with jose). Built as its own bundle, dist/core.js, and loaded through
// tokenCore.ts (`tokenCore()`) the first time one of these is called, so activation never parses or runs
// it. Finding tokens in text (findTokens, lineScan) and key roles stay in the first bundle: they are small,
// and most files hold no token, so most files never load this.
//
// The build (scripts/build.mjs) adds `coreModules`: the namespace of every src/core module this bundle
// holds, by path. The profile bundle (dist/profiles.js) imports those modules from here at run time rather
// than carrying copies, so there is one copy of their state (the CryptoKey cache, the header-verdict
// cache) for both; the build fails when a module is bundled into both.
export { decodeToken } from '../core/token/decode';
export { describeTokenTimes, renderDecodedJsonc } from '../core/token/decodedText';
export { prettyJson } from '../core/text/json';
export { escapeMarkdown } from '../core/text/markdown';
export { classifyToken, hintText, placeholderFor, resignLifetimeSeconds } from '../core/token/insights';
export { hoverBlocks, oversizeBlocks } from '../core/token/hoverBlocks';
export { describeKey, exportPrivateJwk, exportPublicKey, generateKey, importKey } from '../core/keys/keys';
export { signToken } from '../core/jose/sign';
export { verifyToken } from '../core/jose/verify';
export { verifySdJwt } from '../core/jose/sdJwtVerify';
export { decryptToken } from '../core/jose/jwe';
export { fetchableUrl, issuerKeyUrl, parseIssuer, trustableIssuer } from '../core/issuers/issuerUrl';
export { readTrustedIssuer } from '../core/issuers/trustedIssuer';
export { discoveryUrls, readDiscovery } from '../core/issuers/discovery';
export { readJwkSet } from '../core/issuers/jwkSet';
export { freshForMs, mayRefetch } from '../core/issuers/cachePolicy';
export { tokenIssuer, verifyWithIssuer } from '../core/issuers/issuerVerify';
export { issuerSignatureState } from '../core/issuers/issuerState';
