// The core as the token features use it: decoding, time claims, hover and
// hint text, keys, signing, verifying and decryption (with jose). Built as its
// own bundle, dist/core.js, and loaded through tokenCore.ts (`tokenCore()`) the first time one
// of these is called, so activation never parses or runs it. Finding tokens
// in text (findTokens, lineScan) and key roles stay in the first bundle: they
// are small, and most files hold no token, so most files never load this.
export { decodeToken } from '../core/token/decode';
export { describeTokenTimes, renderDecodedJsonc } from '../core/token/decodedText';
export { prettyJson } from '../core/text/json';
export { escapeMarkdown } from '../core/text/markdown';
export { classifyToken, hintText, placeholderFor, resignLifetimeSeconds } from '../core/token/insights';
export { hoverBlocks, oversizeBlocks } from '../core/token/hoverBlocks';
export { describeKey, exportPrivateJwk, exportPublicKey, generateKey, importKey } from '../core/keys/keys';
export { signToken } from '../core/jose/sign';
export { verifyToken } from '../core/jose/verify';
export { decryptToken } from '../core/jose/jwe';
