// Hostile profile values stay data in the integration code: quotes,
// backslashes, newlines, `${…}`, `#{…}`, `$var`, format verbs, a literal
// "\u000a" (which Java would read as a line break), non-ASCII, bidi, invisible
// and control characters, as claim values, claim names, header members, the
// user's parameters (the example's arguments) and embed values. The code is
// generated for every runnable language, run, and its token holds exactly the
// claims `sign` puts in; its URL is renderEmbed's.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { makeKeys, SECRET, writeProfile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { checkRun, generate, missingRuntime, nowSeconds, runProgram, signedByCli, type RunnableLanguage } from './codeRun';
import { hostileAcadioProfile, hostileGenericProfile } from './codeProfiles';

let keys: KeyFiles;
before(() => {
  keys = makeKeys();
});
after(() => keys.cleanup());

const LANGUAGES: RunnableLanguage[] = ['node', 'node-jsonwebtoken', 'python', 'go', 'ruby'];
const PROFILES = [
  { name: 'generic (RS256): hostile claim names and values, header members, nested values', file: 'hostile-generic.jwt.yaml', text: hostileGenericProfile, key: 'rsa' as const, ttl: 600, embed: 'none' as const },
  { name: 'acadio (HS256): a hostile parameter and embed value', file: 'hostile-acadio.jwt.yaml', text: hostileAcadioProfile, key: 'hs' as const, ttl: 300, embed: 'url' as const },
];

describe('code: hostile values stay data', { concurrency: 3 }, () => {
  for (const profile of PROFILES) {
    for (const lang of LANGUAGES) {
      test(`${lang}, ${profile.name}`, async (t) => {
        const missing = missingRuntime(lang);
        if (missing) return t.skip(missing);
        const text = profile.text();
        const path = writeProfile(keys.dir, profile.file, text);
        const keyFile = profile.key === 'rsa' ? keys.rsa : keys.hs;
        const { code } = await generate(path, lang, ['--key', keyFile], keys.dir);
        const expected = await signedByCli(path, ['--key', keyFile], keys.dir);
        // The values are in the token as written, bidi characters and all.
        assert.ok(JSON.stringify(expected.claims).includes('\u202e'));
        const before = nowSeconds();
        const run = runProgram(lang, code, { JWT_STUDIO_KEY_K1: profile.key === 'rsa' ? readFileSync(keys.rsa, 'utf8') : SECRET });
        const after = nowSeconds();
        const verify = profile.key === 'rsa' ? { text: readFileSync(keys.rsaPub, 'utf8'), alg: 'RS256' } : { text: SECRET, alg: 'HS256' };
        await checkRun(run, expected, { verify, before, after, ttl: profile.ttl, profileText: text, embed: profile.embed });
      });
    }
  }
});
