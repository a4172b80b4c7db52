// What the editor shows of an SD-JWT: the summary line, the hover blocks and
// the decoded view (src/core/token/sdJwtText.ts, hoverBlocks.ts,
// decodedText.ts), hint words and placeholders; all token text made visible.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { decodeToken, describeTokenTimes, hintText, hoverBlocks, placeholderFor, renderDecodedJsonc, signatureWords, summaryLine } from '../../src/core/index';
import { sdJwtHoverSections } from '../../src/core/token/sdJwtText';
import type { DecodedToken, HoverBlock, KeyMaterial, SignatureState } from '../../src/core/index';
import { cnf, digest, disclosure, key, keyBinding, NOW, present, sign } from './sdJwtBuild';

let issuer: KeyMaterial;
let holder: KeyMaterial;
const given = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'John');
const nat = disclosure('lklxF5jMYlGTPUovMNIvCA', 'DE');
const exp = disclosure('eluV5Og3gSNII8EYnsxA_A', 'exp', Math.floor(NOW / 1000) + 3600);
let jwt: string;

before(async () => {
  issuer = await key('ES256');
  holder = await key('ES256');
  jwt = await sign({ typ: 'dc+sd-jwt', kid: 'issuer-1' }, { iss: 'https://issuer.example', sub: 'user_42', _sd: [digest(given), digest(exp)], nationalities: [{ '...': digest(nat) }], cnf: cnf(holder) }, issuer);
});

function decoded(text: string): DecodedToken {
  const r = decodeToken(text);
  if (!r.ok) assert.fail(r.error.message);
  return r.token;
}

function lines(blocks: HoverBlock[]): string[] {
  return blocks.map((b) => (b.kind === 'code' ? `code:${b.text}` : `${b.kind}:${b.kind === 'line' && b.icon ? `${b.icon}:` : ''}${b.text}`));
}

describe('SD-JWT in the editor', () => {
  test('the summary line names SD-JWT VC, the count of disclosures and the key binding', async () => {
    const p = present(jwt, [given, nat]);
    assert.equal(summaryLine(decoded(p)), 'SD-JWT VC · ES256 · kid "issuer-1" · 2 disclosures');
    assert.equal(summaryLine(decoded(p + (await keyBinding(p, holder)))), 'SD-JWT VC · ES256 · kid "issuer-1" · 2 disclosures · key binding');
    const older = await sign({ typ: 'vc+sd-jwt' }, { _sd: [digest(given)] }, issuer);
    assert.equal(summaryLine(decoded(present(older, [given]))), 'SD-JWT VC (older typ vc+sd-jwt) · ES256 · 1 disclosure');
    const plain = await sign({ typ: 'example+sd-jwt' }, { sub: 'x' }, issuer);
    assert.equal(summaryLine(decoded(`${plain}~`)), 'SD-JWT · ES256 · 0 disclosures');
  });

  test('the hover: issuer signature, presentation, key binding, each disclosure where it went, processed claims', async () => {
    const p = present(jwt, [given, nat]);
    const token = decoded(p + (await keyBinding(p, holder)));
    const shown = lines(
      hoverBlocks(token, describeTokenTimes(token, NOW), {
        signature: { status: 'verified', key: "'issuer-key'" },
        keyBinding: { status: 'verified', detail: 'sd_hash matches; signed by the holder key in cnf.jwk.' },
      }),
    );
    assert.equal(shown[0], 'title:SD-JWT VC · ES256 · kid "issuer-1" · 2 disclosures · key binding');
    for (const expected of [
      "line:pass:Issuer signature verified by key 'issuer-key'",
      'line:pass:Presentation intact: all 2 disclosures placed; 1 digest not disclosed (withheld claims or decoys)',
      'line:pass:Key binding: sd_hash matches; signed by the holder key in cnf.jwk.',
      'heading:Disclosures (2)',
      'line:pass:1. given_name = "John" · at /given_name · salt 2GLC42sKQveCfGfryNRN9w',
      'line:pass:2. [array element] "DE" · at /nationalities/0 · salt lklxF5jMYlGTPUovMNIvCA',
      'heading:Processed claims (disclosures placed)',
      'heading:Key-binding JWT',
      'line:kb+jwt · ES256',
      'line:nonce: "n-0S6_WzA2Mj"',
      'line:aud: "https://verifier.example.org"',
      'line:sd_hash: matches this presentation',
      'heading:Issuer-signed payload (as signed, with digests)',
    ]) {
      assert.ok(shown.includes(expected), `missing ${expected}\n${shown.join('\n')}`);
    }
    const processed = shown[shown.indexOf('heading:Processed claims (disclosures placed)') + 1]!;
    assert.deepEqual(JSON.parse(processed.slice('code:'.length)), token.claims);
    assert.ok(shown.some((l) => l.startsWith('line:iat: 2025-06-15T15:06:40Z · ')), 'the key-binding iat');
  });

  test('without a verdict the key binding says what decoding alone knows; a not-intact verdict says so', async () => {
    const p = present(jwt, [given]);
    const token = decoded(p + (await keyBinding(p, holder)));
    const shown = lines(hoverBlocks(token, undefined, { signature: { status: 'not-intact', key: "'k'", detail: 'x' }, keyBinding: { status: 'invalid', detail: 'its signature does not verify with the holder key in cnf.jwk.' } }));
    assert.ok(shown.includes("line:pass:Issuer signature verified by key 'k'"));
    assert.ok(shown.includes('line:error:Key binding: its signature does not verify with the holder key in cnf.jwk.'));
    const undecided = lines(hoverBlocks(token, undefined, {}));
    assert.ok(undecided.includes('line:info:Key binding not checked: the holder signature is not verified here (its sd_hash does match this presentation)'), undecided.join('\n'));
    assert.equal(signatureWords({ status: 'not-intact', key: "'k'", detail: 'x' }), '✗ not intact');
  });

  test('an intact presentation is a pass only when the issuer signature is verified; else matching digests vouch for nothing', async () => {
    const p = present(jwt, [given, nat]);
    const token = decoded(p + (await keyBinding(p, holder)));
    const unverified: Array<[SignatureState | undefined, string]> = [
      [undefined, 'the issuer signature is not checked'],
      [{ status: 'no-matching-key' }, 'the issuer signature is not checked'],
      [{ status: 'no-keys' }, 'the issuer signature is not checked'],
      [{ status: 'pending' }, 'the issuer signature is not checked yet'],
      [{ status: 'unsupported', detail: 'x' }, 'the issuer signature is not checked'],
      [{ status: 'invalid', detail: 'bad' }, 'the issuer signature is invalid'],
      [{ status: 'unsigned' }, 'the issuer-signed JWT is unsigned (alg: none)'],
    ];
    for (const [signature, why] of unverified) {
      const shown = lines(hoverBlocks(token, undefined, signature ? { signature } : {}));
      const verdicts = shown.slice(0, shown.findIndex((l) => l.startsWith('heading:')));
      assert.ok(!verdicts.some((l) => l.startsWith('line:pass:')), `${signature?.status}: no pass icon\n${verdicts.join('\n')}`);
      assert.ok(
        shown.includes(`line:info:Disclosures match the digests (all 2 disclosures placed; 1 digest not disclosed (withheld claims or decoys)), but ${why}: nothing in them is vouched for yet`),
        `${signature?.status}\n${shown.join('\n')}`,
      );
      assert.ok(shown.some((l) => l.startsWith('line:info:Key binding not checked: ')), `${signature?.status}: the key binding is not a pass`);
    }
    const verified = lines(hoverBlocks(token, undefined, { signature: { status: 'verified', key: "'k'" } }));
    assert.ok(verified.includes('line:pass:Presentation intact: all 2 disclosures placed; 1 digest not disclosed (withheld claims or decoys)'));
    // The decoded view checks no signature, so it never says intact with a pass.
    const view = renderDecodedJsonc(token);
    assert.match(view, /\n\/\/ Disclosures match the digests \(all 2 disclosures placed; [^)]*\)\), but the issuer signature is not checked: nothing in them is vouched for yet\n/);
    assert.match(view, /\n\/\/ Key binding not checked: the holder signature is not verified here/);
    assert.doesNotMatch(view, /Presentation intact/);
  });

  test('key binding: an old key binding is a warning, not a pass; a holder key without key binding is said to be unbound', async () => {
    const p = present(jwt, [given]);
    const token = decoded(p + (await keyBinding(p, holder)));
    const note = 'key binding made 3 h ago: may be a replay';
    const shown = lines(hoverBlocks(token, undefined, { signature: { status: 'verified', key: "'k'" }, keyBinding: { status: 'verified', detail: `sd_hash matches. But: ${note}.`, note } }));
    assert.ok(shown.includes(`line:warning:Key binding: sd_hash matches. But: ${note}.`), shown.join('\n'));
    // From decoding alone, the iat is compared with the clock too.
    const later = lines(sdJwtHoverSections(token, token.sdJwt!, 6000, NOW + 3 * 3600 * 1000));
    assert.ok(later.includes('line:warning:Key binding made 3 h ago: may be a replay'), later.join('\n'));
    assert.ok(!lines(sdJwtHoverSections(token, token.sdJwt!, 6000, NOW)).some((l) => l.includes('replay')));
    const unboundToken = decoded(p);
    assert.ok(Object.hasOwn(unboundToken.claims!, 'cnf'));
    const unbound = lines(hoverBlocks(unboundToken, undefined, {}));
    assert.ok(unbound.some((l) => l.startsWith('line:info:Not bound to its holder: the credential names a holder key (cnf) but no key-binding JWT is presented')), unbound.join('\n'));
    assert.match(renderDecodedJsonc(unboundToken), /\n\/\/ Not bound to its holder: /);
    assert.ok(!lines(hoverBlocks(token, undefined, {})).some((l) => l.includes('Not bound')));
  });

  test('a tampered disclosure and a wrong sd_hash are flagged in the hover', async () => {
    const tampered = disclosure('2GLC42sKQveCfGfryNRN9w', 'given_name', 'Mallory');
    const p = present(jwt, [tampered, nat]);
    const kb = await keyBinding(p, holder, { claims: { sd_hash: digest('other') } });
    const shown = lines(hoverBlocks(decoded(p + kb), undefined, {}));
    assert.ok(shown.includes("line:error:Presentation not intact: disclosure 1 matches no digest; its key-binding JWT's sd_hash does not match it"), shown.join('\n'));
    assert.ok(shown.includes('line:error:1. given_name = "Mallory" · matches no digest: no digest in the issuer-signed JWT or in a placed disclosure matches it · salt 2GLC42sKQveCfGfryNRN9w'));
    assert.ok(shown.includes('line:error:Key binding: sd_hash does not match this presentation'));
    assert.ok(shown.some((l) => l.startsWith('line:warning:Disclosure 1 ("given_name") matches no digest')));
  });

  test('hostile names and values are made visible, never raw', async () => {
    const evil = disclosure('salt\u202e', 'na\u0000me\n[x](command:y)', 'v\u200bv');
    const t = await sign({}, { _sd: [digest(evil)] }, issuer);
    const token = decoded(present(t, [evil]));
    const text = [...lines(hoverBlocks(token, undefined, {})), renderDecodedJsonc(token)].join('\n');
    for (const raw of ['\u0000', '\u202e', '\u200b']) assert.ok(!text.includes(raw), `no raw U+${raw.charCodeAt(0).toString(16)}`);
    assert.match(text, /na\\u0000me\\u000A\[x\]\(command:y\) = "v\\u200Bv"/);
    assert.match(text, /salt salt\\u202E/);
  });

  test('the decoded view: the payload as signed, each disclosure with a comment, the processed claims, the key binding', async () => {
    const stray = disclosure('s', 'other', 1);
    const p = present(jwt, [given, nat, stray]);
    const token = decoded(p + (await keyBinding(p, holder)));
    const view = renderDecodedJsonc(token, describeTokenTimes(token, NOW));
    assert.match(view, /^\/\/ SD-JWT VC · ES256 · kid "issuer-1" · 3 disclosures · key binding\n/);
    assert.match(view, /\n\/\/ Presentation not intact: disclosure 3 matches no digest\n/);
    assert.match(view, /\n\/\/ Not placed: disclosure 3\n/);
    assert.match(view, /\n {4}\/\/ 1: at \/given_name\n/);
    assert.match(view, /\n {4}\/\/ 3: matches no digest: /);
    const json = JSON.parse(view.split('\n').filter((l) => !l.trimStart().startsWith('//')).join('\n')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json), ['header', 'payload', 'disclosures', 'processedPayload', 'keyBinding', 'signature']);
    assert.deepEqual(json.processedPayload, token.claims);
    assert.deepEqual(json.disclosures, [
      { salt: '2GLC42sKQveCfGfryNRN9w', name: 'given_name', value: 'John', digest: digest(given) },
      { salt: 'lklxF5jMYlGTPUovMNIvCA', value: 'DE', digest: digest(nat) },
      { salt: 's', name: 'other', value: 1, digest: digest(stray) },
    ]);
    assert.equal((json.keyBinding as { sdHash: string }).sdHash, 'matches');
  });

  test('times, hints and placeholders read the processed claims', async () => {
    const token = decoded(present(jwt, [given, exp]));
    const times = describeTokenTimes(token, NOW);
    assert.equal(times?.exp?.seconds, Math.floor(NOW / 1000) + 3600, 'exp comes from a disclosure');
    assert.equal(hintText(token, times, { status: 'verified', key: "'k'" }, '{kind} · {sub} · {exp} · {signature}'), "SD-JWT · user_42 · expires in 1 h · ✓ 'k'");
    assert.equal(placeholderFor(token), 'REDACTED_SD_JWT');
  });
});
