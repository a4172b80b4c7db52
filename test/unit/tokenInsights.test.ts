import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  classifyToken,
  decodeToken,
  describeTokenTimes,
  findTokensInLines,
  hintText,
  hoverBlocks,
  placeholderFor,
  resignLifetimeSeconds,
  signatureWords,
  tokenAtColumn,
  verifyToken,
} from '../../src/core';
import type { DecodedToken, HoverBlock, LineSource, SignatureState } from '../../src/core';

const NOW = Date.UTC(2026, 2, 2, 12, 0, 0);
const nowS = NOW / 1000;
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (header: object, claims: object, sig = 'c2lnbmF0dXJl'): string => `${b64(header)}.${b64(claims)}.${sig}`;
function decoded(token: string): DecodedToken {
  const r = decodeToken(token);
  assert.ok(r.ok);
  return r.token;
}
const opts = { reportExpired: true, maxLifetimeSeconds: 86400, now: NOW };

test('hint: alg · sub · expiry · signature, empty parts dropped', () => {
  const t = decoded(jwt({ alg: 'HS256' }, { sub: 'user_42', iat: nowS - 60, exp: nowS + 240 }));
  const times = describeTokenTimes(t, NOW);
  assert.equal(hintText(t, times, { status: 'verified', key: 'ap-prod' }), 'HS256 · user_42 · expires in 4 min · ✓ ap-prod');
  assert.equal(hintText(t, times, undefined), 'HS256 · user_42 · expires in 4 min');
  const noSub = decoded(jwt({ alg: 'ES256' }, { exp: nowS - 3 * 3600 }));
  assert.equal(hintText(noSub, describeTokenTimes(noSub, NOW), { status: 'invalid' }), 'ES256 · expired 3 h ago · ✗ bad signature');
  assert.equal(hintText(t, times, undefined, '{kid} · {iss}'), '');
  assert.equal(hintText(t, times, undefined, 'sub={sub}'), 'sub=user_42');
});

test('hint: hostile values are capped and made visible', () => {
  const t = decoded(jwt({ alg: 'HS256' }, { sub: 'admin\u202Egnp.exe' + 'x'.repeat(100) }));
  const hint = hintText(t, describeTokenTimes(t, NOW), undefined);
  assert.ok(!hint.includes('\u202E'));
  assert.ok(hint.length < 60, hint);
});

test('classify: live credential only when verified and unexpired', () => {
  const live = decoded(jwt({ alg: 'HS256' }, { iat: nowS, exp: nowS + 600 }));
  const t = describeTokenTimes(live, NOW);
  assert.deepEqual(classifyToken(live, t, { status: 'verified', key: 'k' }, opts).map((i) => i.code), ['live-credential']);
  assert.deepEqual(classifyToken(live, t, { status: 'invalid' }, opts), []);
  const expired = decoded(jwt({ alg: 'HS256' }, { iat: nowS - 7200, exp: nowS - 3600 }));
  assert.deepEqual(classifyToken(expired, describeTokenTimes(expired, NOW), { status: 'verified', key: 'k' }, opts).map((i) => i.code), ['expired']);
  assert.deepEqual(classifyToken(expired, describeTokenTimes(expired, NOW), undefined, { ...opts, reportExpired: false }), []);
});

test('classify: alg none, long lifetime', () => {
  const none = decoded(`${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`);
  const insights = classifyToken(none, describeTokenTimes(none, NOW), undefined, opts);
  assert.deepEqual(insights.map((i) => [i.code, i.severity]), [['alg-none', 'warning']]);
  const long = decoded(jwt({ alg: 'HS256' }, { iat: nowS, exp: nowS + 30 * 86400 }));
  const found = classifyToken(long, describeTokenTimes(long, NOW), undefined, opts);
  assert.deepEqual(found.map((i) => i.code), ['long-lifetime']);
  assert.match(found[0]?.message ?? '', /30 days/);
  assert.deepEqual(classifyToken(long, describeTokenTimes(long, NOW), undefined, { ...opts, maxLifetimeSeconds: 0 }), []);
});

test('placeholder and re-sign lifetime', () => {
  assert.equal(placeholderFor({ kind: 'jws' }), 'REDACTED_JWT');
  assert.equal(placeholderFor({ kind: 'jwe' }), 'REDACTED_JWE');
  const t = decoded(jwt({ alg: 'HS256' }, { iat: nowS, exp: nowS + 900 }));
  assert.equal(resignLifetimeSeconds(describeTokenTimes(t, NOW), 86400), 900);
  assert.equal(resignLifetimeSeconds(describeTokenTimes(t, NOW), 300), 300);
  assert.equal(resignLifetimeSeconds(undefined, 0), 900);
});

const ISSUER = 'https://login.example.com/tenant-1/v2.0';
const viaIssuer = (claimProblems: string[] = [], url = ISSUER): SignatureState => ({ status: 'verified', key: 'kid abc123', issuer: { url, fetchedAt: NOW - 12 * 60_000, claimProblems } });
const AUD_PROBLEM = 'aud "other-app" is not among the audiences configured for this issuer (api://mine).';

test('issuer words: hint host, diagnostic without re-signing, both bounded and visible', () => {
  const t = decoded(jwt({ alg: 'RS256', kid: 'abc123' }, { sub: 'user_42', iss: ISSUER, iat: nowS - 60, exp: nowS + 240 }));
  const times = describeTokenTimes(t, NOW);
  assert.equal(signatureWords(viaIssuer()), '✓ issuer login.example.com');
  assert.equal(hintText(t, times, viaIssuer()), 'RS256 · user_42 · expires in 4 min · ✓ issuer login.example.com');
  assert.equal(signatureWords(viaIssuer([AUD_PROBLEM])), '✗ claims (login.example.com)');
  assert.equal(signatureWords(viaIssuer([], 'https://Bücher.example:8443/x')), '✓ issuer xn--bcher-kva.example:8443', 'the host as URL serialises it: IDNs in punycode');
  const longHost = `https://${'a'.repeat(60)}.example.com/`;
  assert.equal(signatureWords(viaIssuer([], longHost)), `✓ issuer ${'a'.repeat(30)}…`);
  assert.ok(hintText(t, times, viaIssuer([AUD_PROBLEM], longHost)).endsWith(`✗ claims (${'a'.repeat(28)}…)`));
  assert.equal(signatureWords(viaIssuer([], 'not a url \u202E')), '✓ issuer not a url \\u202E');
  const [live] = classifyToken(t, times, viaIssuer(), opts);
  assert.equal(live?.code, 'live-credential');
  assert.equal(live?.message, `Live credential in source: verified by issuer ${ISSUER} (kid abc123), expires in 4 min. Anyone who reads this file can use it; replace it with a placeholder.`);
  const hostile = classifyToken(t, times, viaIssuer([], `https://evil.example/\u202E${'x'.repeat(300)}`), opts)[0]?.message ?? '';
  assert.ok(!hostile.includes('\u202E') && hostile.includes('\\u202E') && hostile.length < 300, hostile);
  // A ring key still offers re-signing.
  assert.match(classifyToken(t, times, { status: 'verified', key: 'k' }, opts)[0]?.message ?? '', /signed by ring key k, expires in 4 min\. .*replace it with a placeholder or re-sign it\.$/);
});

test('hover: verified by issuer with the fetch time; failed claims checks are errors and no pass', () => {
  const t = decoded(jwt({ alg: 'RS256', kid: 'abc123' }, { iss: ISSUER, aud: 'other-app' }));
  const lineTexts = (blocks: HoverBlock[]): string[] => blocks.flatMap((b) => (b.kind === 'line' ? [`${b.icon ?? '-'} ${b.text}`] : []));
  assert.ok(lineTexts(hoverBlocks(t, undefined, { signature: viaIssuer() }, NOW)).includes(`pass Signature verified by issuer ${ISSUER} (kid abc123, keys fetched 12 min ago)`));
  const failed = lineTexts(hoverBlocks(t, undefined, { signature: viaIssuer([AUD_PROBLEM, 'iss is not the issuer.']) }, NOW));
  const at = failed.indexOf(`warning Signature verified by issuer ${ISSUER} (kid abc123, keys fetched 12 min ago)`);
  assert.ok(at >= 0, failed.join('\n'));
  assert.deepEqual(failed.slice(at + 1, at + 3), [`error ${AUD_PROBLEM}`, 'error iss is not the issuer.']);
  assert.ok(!failed.some((l) => l.startsWith('pass')));
  const fetched = (fetchedAt: number): string | undefined => lineTexts(hoverBlocks(t, undefined, { signature: { status: 'verified', key: 'kid abc123', issuer: { url: ISSUER, fetchedAt, claimProblems: [] } } }, NOW)).find((l) => l.includes('verified by issuer'));
  assert.match(fetched(NOW - 3 * 86_400_000) ?? '', /keys fetched 3 days ago\)$/);
  assert.match(fetched(NOW + 5000) ?? '', /keys fetched just now\)$/);
  assert.match(fetched(Number.NaN) ?? '', /keys fetched at an unknown time\)$/);
  const bidi = lineTexts(hoverBlocks(t, undefined, { signature: viaIssuer([], 'https://evil.example/\u202Etxt.exe') }, NOW));
  assert.ok(bidi.some((l) => l.includes('https://evil.example/\\u202Etxt.exe')) && !bidi.some((l) => l.includes('\u202E')));
});

test('hover: an issuer nobody trusted, and a note about a trusted one', () => {
  const t = decoded(jwt({ alg: 'RS256', kid: 'abc123' }, { iss: ISSUER }));
  const offer = hoverBlocks(t, undefined, { signature: { status: 'no-matching-key' }, issuerOffer: `${ISSUER}\u2067` }, NOW);
  assert.ok(offer.some((b) => b.kind === 'line' && b.icon === 'info' && b.text === `Issued by ${ISSUER}\\u2067, an issuer you have not trusted: its keys are fetched only if you trust it.`));
  const note = `Keys of ${ISSUER} not fetched yet: Refresh it in the Keys view.`;
  const noted = hoverBlocks(t, undefined, { signature: { status: 'no-matching-key' }, issuerNote: note }, NOW);
  const sig = noted.findIndex((b) => b.kind === 'line' && b.text.startsWith('Signature not checked'));
  assert.deepEqual(noted[sig + 1], { kind: 'line', icon: 'warning', text: note });
  assert.ok(!hoverBlocks(t, undefined, { signature: { status: 'no-matching-key' } }, NOW).some((b) => b.kind === 'line' && /issuer/i.test(b.text)));
});

test('hover: an SD-JWT verified by an issuer keeps "Issuer signature"', () => {
  const sd = decoded(`${jwt({ alg: 'ES256', typ: 'dc+sd-jwt' }, { iss: ISSUER, _sd_alg: 'sha-256' })}~`);
  assert.ok(sd.sdJwt);
  const texts = hoverBlocks(sd, undefined, { signature: viaIssuer() }, NOW).flatMap((b) => (b.kind === 'line' ? [b.text] : []));
  assert.ok(texts.includes(`Issuer signature verified by issuer ${ISSUER} (kid abc123, keys fetched 12 min ago)`), texts.join('\n'));
  const notIntact: SignatureState = { status: 'not-intact', key: 'kid abc123', detail: 'a disclosure matches no digest', issuer: { url: ISSUER, fetchedAt: NOW - 60_000, claimProblems: [] } };
  assert.ok(hoverBlocks(sd, undefined, { signature: notIntact }, NOW).some((b) => b.kind === 'line' && b.icon === 'pass' && b.text === `Issuer signature verified by issuer ${ISSUER} (kid abc123, keys fetched 1 min ago)`));
  assert.equal(signatureWords(notIntact), '✗ not intact');
});

test('hover blocks: times with ISO dates, signature line, payload as code', () => {
  const t = decoded(jwt({ alg: 'HS256', kid: 'k1' }, { name: '[x](command:evil)', exp: nowS - 60 }));
  const blocks = hoverBlocks(t, describeTokenTimes(t, NOW), { signature: { status: 'no-matching-key' } });
  assert.deepEqual(blocks[0], { kind: 'title', text: 'JWT · HS256 · kid "k1"' });
  assert.ok(blocks.some((b) => b.kind === 'line' && /^exp: expired 1 min ago · 2026-03-02T11:59:00Z$/.test(b.text)));
  assert.ok(blocks.some((b) => b.kind === 'line' && /no matching key/.test(b.text)));
  const code = blocks.filter((b) => b.kind === 'code');
  assert.equal(code.length, 2);
  assert.ok(code[1]?.text.includes('"name": "[x](command:evil)"'));
});

test('hover blocks: why a signature is not checked, said once', async () => {
  // A critical extension: the verifier's reason follows "Signature not checked:", its first word in lower case.
  const crit = jwt({ alg: 'HS256', crit: ['exp'], exp: 1 }, {});
  const critReport = await verifyToken(crit, []);
  const critLine = hoverBlocks(decoded(crit), undefined, { signature: { status: 'unsupported', detail: critReport.message } }).find((b) => b.kind === 'line' && b.text.startsWith('Signature'));
  assert.equal(critLine?.kind === 'line' && critLine.text, 'Signature not checked: critical extension not understood (exp): a token with a critical extension this tool does not implement is never accepted.');
  // An algorithm this tool never verifies: the header finding says why, and the signature line does not repeat it.
  for (const alg of ['ES256K', 'HS1', 'RSA-OAEP']) {
    const token = decoded(jwt({ alg }, { sub: 'a' }));
    const findings = token.findings.filter((f) => f.code === 'ALG_UNSUPPORTED');
    assert.equal(findings.length, 1, alg);
    const report = await verifyToken(jwt({ alg }, { sub: 'a' }), []);
    assert.equal(report.signature, 'unsupported');
    const blocks = hoverBlocks(token, undefined, { signature: { status: 'unsupported', detail: report.message } });
    assert.ok(blocks.some((b) => b.kind === 'line' && b.text === 'Signature not checked'), alg);
    assert.ok(blocks.some((b) => b.kind === 'line' && b.text === findings[0]?.message), alg);
  }
  assert.match(decoded(jwt({ alg: 'RSA-OAEP' }, {})).findings.find((f) => f.code === 'ALG_UNSUPPORTED')?.message ?? '', /is an encryption algorithm, but this is a signed token/);
  assert.match(decoded(jwt({ alg: 'ES256K' }, {})).findings.find((f) => f.code === 'ALG_UNSUPPORTED')?.message ?? '', /^ES256K \(ECDSA on secp256k1, RFC 8812\) is not supported here/);
  // Names it verifies get no such finding.
  for (const alg of ['HS256', 'EdDSA', 'Ed25519', 'ML-DSA-65', 'none']) {
    assert.ok(!decoded(jwt({ alg }, {})).findings.some((f) => f.code === 'ALG_UNSUPPORTED'), alg);
  }
});

test('hover blocks: JWE decrypted without authentication is labelled', () => {
  const header = b64({ alg: 'ECDH-ES', enc: 'A256GCM' });
  const t = decoded(`${header}..aXZpdml2aXZpdml2.Y2lwaGVy.dGFndGFndGFndGFndGFn`);
  const closed = hoverBlocks(t, undefined);
  assert.ok(closed.some((b) => b.kind === 'line' && /encrypted/.test(b.text)));
  const open = hoverBlocks(t, undefined, { decrypted: { plaintext: '{"sub":"a"}', key: 'partner', authenticated: false, note: '' } });
  assert.ok(open.some((b) => b.kind === 'heading' && /not authenticated/.test(b.text)));
  assert.ok(open.some((b) => b.kind === 'code' && b.text.includes('"sub": "a"')));
});

test('hover blocks: a decrypted JWE says what its verdict rests on, from the decryption note', () => {
  const t = decoded(`${b64({ alg: 'A256KW', enc: 'A256GCM', cty: 'JWT' })}.ZW5ja2V5ZW5ja2V5ZW5ja2V5ZW5ja2V5ZW5ja2V5.aXZpdml2aXZpdml2.Y2lwaGVy.dGFndGFndGFndGFndGFn`);
  const note = "Decrypted with shared A256KW key with kid 'enc-kw', but NOT authenticated: the inner token's signature is invalid (changed, or signed with another key). A nested token is only as genuine as its inner signature.";
  const forged = hoverBlocks(t, undefined, { decrypted: { plaintext: 'eyJ.eyJ.sig', key: 'enc-kw', authenticated: false, note } });
  assert.ok(forged.some((b) => b.kind === 'line' && b.icon === 'warning' && b.text === note));
  assert.ok(!forged.some((b) => b.kind === 'line' && /this scheme gives no proof/.test(b.text)), 'a shared key does prove who encrypted it; the inner signature is what failed');
  const publicKey = hoverBlocks(t, undefined, { decrypted: { plaintext: '{}', key: 'rsa', authenticated: false, note: 'decrypted — NOT authenticated: anyone with the public key can make this' } });
  assert.ok(publicKey.some((b) => b.kind === 'line' && b.icon === 'warning' && b.text === 'Decrypted — NOT authenticated: anyone with the public key can make this'));
  const shared = hoverBlocks(t, undefined, { decrypted: { plaintext: '{}', key: 'enc-kw', authenticated: true, note: "Decrypted with shared A256KW key with kid 'enc-kw': whoever made it holds the same secret." } });
  assert.ok(shared.some((b) => b.kind === 'line' && b.icon === 'info' && /whoever made it holds the same secret/.test(b.text)));
  assert.ok(!shared.some((b) => b.kind === 'line' && b.icon === 'warning'));
});

test('line scan: only the requested lines and columns, bounded', () => {
  const token = jwt({ alg: 'HS256' }, { sub: 'a' });
  const lines = ['nothing here', `const a = '${token}';`, 'x'.repeat(50) + ` ${token} ` + 'y'.repeat(50), `b = "${token}"`];
  let read = 0;
  const source: LineSource = { lineCount: lines.length, lineText: (i) => (read++, lines[i] as string) };
  const found = findTokensInLines(source, [{ startLine: 1, startCharacter: 0, endLine: 2, endCharacter: 40 }]);
  assert.deepEqual(found.map((t) => [t.line, t.start]), [[1, 11]]);
  assert.equal(read, 2);
  const all = findTokensInLines(source, [{ startLine: 0, startCharacter: 0, endLine: 3, endCharacter: 999 }], { maxTokens: 2 });
  assert.equal(all.length, 2);
  assert.equal(findTokensInLines(source, [{ startLine: 0, startCharacter: 0, endLine: 3, endCharacter: 999 }], { maxLines: 1 }).length, 0);
  assert.equal(tokenAtColumn(lines[2] as string, 60, 1000)?.text, token);
  assert.equal(tokenAtColumn(lines[2] as string, 10, 1000), undefined);
});

test('grammars: both colour header, payload and signature of a token', () => {
  const token = jwt({ alg: 'HS256' }, { sub: 'a' }, 'c2ln');
  const jwe = `${b64({ alg: 'dir', enc: 'A128GCM' })}..aXY.Y3Q.dGFn`;
  for (const file of ['jwt.injection.tmLanguage.json', 'jwt.tmLanguage.json']) {
    const grammar = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'syntaxes', file), 'utf8'));
    // Oniguruma's possessive quantifiers have no JavaScript spelling; the matches are the same here.
    const js = (source: string): RegExp => new RegExp(source.replace(/([*+])\+/g, '$1'));
    const jws = js(grammar.repository.jws.match).exec(`x = "${token}";`);
    assert.deepEqual([jws?.[1], jws?.[3], jws?.[5]], token.split('.'));
    const five = js(grammar.repository.jwe.match).exec(`'${jwe}'`);
    assert.equal(five?.[0], jwe);
    assert.equal(js(grammar.repository.jws.match).exec('eyJfoo.bar.baz.qux'), null);
    assert.equal(js(grammar.repository.jws.match).exec('xeyJa.b.c'), null);
    // Headers with whitespace after the brace ({ "alg", {\n "alg") are coloured as the scanner finds them.
    for (const header of ['{ "alg":"HS256"}', '{\n  "alg": "HS256"\n}', '{\r\n"alg":"HS256"}', '{\t"alg":"HS256"}']) {
      const spaced = `${Buffer.from(header).toString('base64url')}.${b64({ sub: 'a' })}.c2ln`;
      assert.equal(js(grammar.repository.jws.match).exec(`"${spaced}"`)?.[1], spaced.split('.')[0], header);
    }
  }
});
