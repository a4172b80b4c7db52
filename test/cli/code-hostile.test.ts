// Hostile profile and preset values stay data in the integration code:
// quotes, backslashes, newlines, `${…}`, `#{…}`, `$var`, format verbs, a
// literal "\u000a" (which Java would read as a line break), non-ASCII, bidi,
// invisible and control characters, as claim values, claim names, header
// members, the user's parameters (the example's arguments) and embed values;
// and a workspace preset whose name, docs link, snippet name and text, header
// members and key id are written to break out of a comment in each language
// (`*/`, PHP's `?>`, Java's `\u000a`, Python's `coding: unicode_escape`, real line
// breaks), each with a payload that exits 7. The code is generated for every
// runnable language, run, and its token holds exactly the claims `sign` puts
// in; its URL or snippet is renderEmbed's.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli';
import { makeKeys, SECRET, writeProfile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { checkRun, generate, generateInProcess, missingRuntime, nowSeconds, RUNNABLE, runProgram, signedByCli, type RunnableLanguage } from './codeRun';
import { HOSTILE_KEY_ID, hostileAcadioProfile, hostileGenericProfile, hostilePreset, hostilePresetProfile } from './codeProfiles';
import { defaultKeyEnv } from '../../src/core/codegen/codegen';

let keys: KeyFiles;
before(() => {
  keys = makeKeys();
  writeProfile(keys.dir, join('.vscode', 'jwt-presets', 'evil.yaml'), hostilePreset());
});
after(() => keys.cleanup());

interface HostileCase {
  name: string;
  file: string;
  text: string;
  key: 'rsa' | 'hs';
  ttl: number;
  embed: 'url' | 'snippet' | 'none';
  keyEnv: string;
  /** Made by the command line (it reads the workspace's preset files), else in-process. */
  cli?: boolean;
}

const generic = (asciiHeader: boolean): HostileCase => ({ name: `generic (RS256): hostile claim names and values, ${asciiHeader ? 'ASCII' : 'non-ASCII'} header members, nested values`, file: `hostile-generic${asciiHeader ? '-ascii' : ''}.jwt.yaml`, text: hostileGenericProfile({ asciiHeader }), key: 'rsa', ttl: 600, embed: 'none', keyEnv: 'JWT_STUDIO_KEY_K1' });
const acadio: HostileCase = { name: 'acadio (HS256): a hostile parameter and embed value', file: 'hostile-acadio.jwt.yaml', text: hostileAcadioProfile(), key: 'hs', ttl: 300, embed: 'url', keyEnv: 'JWT_STUDIO_KEY_K1' };
const preset: HostileCase = { name: "a workspace preset whose texts and the key's id break out of comments", file: 'hostile-preset.jwt.yaml', text: hostilePresetProfile(HOSTILE_KEY_ID), key: 'hs', ttl: 300, embed: 'snippet', keyEnv: defaultKeyEnv(HOSTILE_KEY_ID), cli: true };

/** jsonwebtoken writes headers as Latin-1: it gets the ASCII-header twin of the generic profile (and refuses the other, below). */
const CASES: Record<RunnableLanguage, HostileCase[]> = {
  node: [generic(false), acadio, preset],
  'node-jsonwebtoken': [generic(true), acadio, preset],
  python: [generic(false), acadio, preset],
  go: [generic(false), acadio, preset],
  ruby: [generic(false), acadio, preset],
};

describe('code: hostile values stay data', { concurrency: 6 }, () => {
  for (const lang of RUNNABLE) {
    for (const c of CASES[lang]) {
      test(`${lang}, ${c.name}`, async (t) => {
        const missing = missingRuntime(lang);
        if (missing) return t.skip(missing);
        const path = writeProfile(keys.dir, c.file, c.text);
        const keyFile = c.key === 'rsa' ? keys.rsa : keys.hs;
        const code = c.cli ? (await generate(path, lang, ['--key', keyFile], keys.dir)).code : (await generateInProcess(c.text, lang, { keyFile, workspace: keys.dir })).code;
        const expected = await signedByCli(path, ['--key', keyFile], keys.dir);
        // The values are in the token as written, bidi characters and all.
        assert.ok(JSON.stringify(expected).includes(c === preset ? '+AAo-' : '\u202e'));
        const before = nowSeconds();
        const run = await runProgram(lang, code, { [c.keyEnv]: c.key === 'rsa' ? readFileSync(keys.rsa, 'utf8') : SECRET });
        const after = nowSeconds();
        const verify = c.key === 'rsa' ? { text: readFileSync(keys.rsaPub, 'utf8'), alg: 'RS256' } : { text: SECRET, alg: 'HS256' };
        await checkRun(run, expected, { verify, before, after, ttl: c.ttl, profileText: c.text, embed: c.embed, workspace: keys.dir });
      });
    }
  }

  test('node-jsonwebtoken refuses header text outside ASCII (jws writes the header as Latin-1), naming the library: exit 1', async () => {
    const path = writeProfile(keys.dir, 'hostile-generic.jwt.yaml', hostileGenericProfile());
    const run = await runCli(['code', path, '--lang', 'node-jsonwebtoken', '--key', keys.rsa], { cwd: keys.dir });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^jwt-studio: .*hostile-generic\.jwt\.yaml: jsonwebtoken writes the header as Latin-1 bytes, so its text outside ASCII \(in the kid, typ or a header member\) would come out corrupted: use --lang node \(jose\), or ASCII in the header\.\n$/);
  });
});
