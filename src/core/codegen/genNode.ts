// Node.js integration code, as an ES module: with jose (SignJWT, and
// CompactEncrypt when the profile encrypts) or with jsonwebtoken (jwt.sign,
// which has no JWE). Keys become KeyObjects with node:crypto, which reads
// PKCS#8, PKCS#1 and SEC1 PEM alike; a shared secret is its text or an oct JWK.

import type { Result } from '../base/types';
import { fail } from '../base/result';
import { camelCase, commentText, stringLiteral } from './literals';
import type { CodeModel, JsonValue } from './model';
import { commented, prepare, keyConstants, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, valueLiteral, type EmbedSyntax, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK } from './support';

type Flavour = 'node' | 'node-jsonwebtoken';

/** A name JavaScript reads as a plain property name; "__proto__" never reaches here (the model refuses it). */
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property name in an object literal: bare when it can be, else a string literal. */
function key(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral('node', name);
}

const syntax = (lang: Flavour): ValueSyntax => ({
  lang,
  null: 'null',
  bool: (b) => String(b),
  list: (items) => `[${items.join(', ')}]`,
  map: (entries, keys) => (entries.length ? `{ ${entries.map(([, v], i) => `${key(keys[i] ?? '')}: ${v}`).join(', ')} }` : '{}'),
});

/** Text outside ASCII anywhere in a JSON value (names included). */
function nonAscii(value: JsonValue | string): boolean {
  if (typeof value === 'string') {
    for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return true;
    return false;
  }
  if (Array.isArray(value)) return value.some(nonAscii);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => nonAscii(k) || nonAscii(v));
  return false;
}

/**
 * Refuses what jsonwebtoken cannot sign as the profile says: jws writes the header as Latin-1 bytes (text outside ASCII
 * comes out corrupted), and jwt.sign wants iat / exp / nbf as numbers and replaces an iat of 0 with now.
 */
function checkJsonwebtoken(model: CodeModel): Result<object> {
  if ([model.kid ?? '', model.typ ?? ''].some(nonAscii) || model.header.some((h) => nonAscii(h.name) || (h.value.kind === 'fixed' && nonAscii(h.value.value)))) {
    return fail('HEADER_REFUSED', 'jsonwebtoken writes the header as Latin-1 bytes, so its text outside ASCII (in the kid, typ or a header member) would come out corrupted: use --lang node (jose), or ASCII in the header.');
  }
  for (const c of model.claims) {
    if (!['iat', 'exp', 'nbf'].includes(c.name) || c.value.kind !== 'fixed') continue;
    if (typeof c.value.value !== 'number') return fail('CLAIMS_INVALID', `jsonwebtoken takes "${c.name}" only as a number of seconds: use --lang node (jose), or a number.`);
    if (c.name === 'iat' && c.value.value === 0) return fail('CLAIMS_INVALID', 'jsonwebtoken replaces an iat of 0 with the time of signing: use --lang node (jose).');
  }
  return { ok: true };
}

/** A shared secret from its text: the UTF-8 bytes, or an oct JWK's "k" (as the command line reads a secret file). */
const SECRET_LINES = [
  '',
  '/** A shared secret\'s bytes: the text as UTF-8, or the "k" of an oct JWK (what `jwt-studio keys generate` writes). */',
  'function secretBytes(text) {',
  "  if (!text.startsWith('{')) return Buffer.from(text, 'utf8');",
  '  let jwk;',
  '  try {',
  '    jwk = JSON.parse(text);',
  '  } catch {',
  '    // The parser\'s message would quote the text, which is a secret.',
  '  }',
  `  if (jwk?.kty !== 'oct' || typeof jwk.k !== 'string') throw new Error(${stringLiteral('node', NOT_A_SECRET_JWK)});`,
  "  return Buffer.from(jwk.k, 'base64url');",
  '}',
];

const READ_KEY_LINES = [
  '',
  '/** The key from its environment variable, or from the file another one names, read with `parse`; exits with one line when there is none. */',
  'function readKey(env, fileEnv, message, parse) {',
  "  let text = process.env[env] ?? '';",
  '  let from = env;',
  '  const path = process.env[fileEnv];',
  "  if (text.trim() === '' && path) {",
  '    from = path;',
  '    try {',
  "      text = readFileSync(path, 'utf8');",
  '    } catch (error) {',
  '      exit(`${fileEnv} names ${path}, which cannot be read: ${error.message}`);',
  '    }',
  '  }',
  "  if (text.trim() === '') exit(message);",
  '  try {',
  '    return parse(text.trim());',
  '  } catch (error) {',
  '    exit(`${from} does not hold a usable key: ${error.message}`);',
  '  }',
  '}',
  '',
  'function exit(message) {',
  '  console.error(message);',
  '  process.exit(2);',
  '}',
];

export function generateNode(model: CodeModel, lang: Flavour): Result<GeneratedCode> {
  const ready = prepare(model, lang, (w) => camelCase(w));
  if (!ready.ok) return ready;
  const { lit, encrypts, names, secret, encodings } = ready;
  const e = model.encrypt;
  const t = model.times;
  const s = syntax(lang);
  const jose = lang === 'node';
  if (!jose) {
    const writes = checkJsonwebtoken(model);
    if (!writes.ok) return writes;
  }
  // jws writes the header as Latin-1: a header member from a parameter is checked when the token is made.
  const headerParams = !jose && model.header.some((h) => h.value.kind === 'param');

  // A member written `name: value`, or just `name` when the parameter of that name holds it.
  const member = (name: string, source: CodeModel['claims'][number]['value']): string => {
    const value = sourceText(source, names, s);
    return source.kind === 'param' && value === name ? name : `${key(name)}: ${value}`;
  };
  const claimLines = model.claims.map((c) => `    ${member(c.name, c.value)},`);
  const header: string[] = [`alg: ${lit(model.alg)}`];
  if (model.typ !== undefined || !jose) header.push(`typ: ${model.typ === undefined ? 'undefined' : lit(model.typ)}`);
  if (model.kid !== undefined) header.push(`kid: ${lit(model.kid)}`);
  for (const h of model.header) header.push(headerParams && h.value.kind === 'param' ? `${key(h.name)}: asciiHeaderText(${sourceText(h.value, names, s)})` : member(h.name, h.value));
  const paramList = names.length ? `, { ${names.join(', ')} }` : '';
  // jsonwebtoken adds an iat unless told not to (noTimestamp, which also drops one the claims hold); it keeps one it is given.
  const noTimestamp = !t.iat && !model.claims.some((c) => c.name === 'iat');

  const sign = jose
    ? [
        `  return new SignJWT({`,
        ...claimLines,
        '  })',
        `    .setProtectedHeader({ ${header.join(', ')} })`,
        t.iat && '    .setIssuedAt(now)',
        t.nbf && '    .setNotBefore(now)',
        t.exp && '    .setExpirationTime(now + TTL_SECONDS)',
        t.jti && '    .setJti(randomUUID())',
        '    .sign(key);',
      ]
    : [
        '  const claims = {',
        ...claimLines,
        t.iat && '    iat: now,',
        t.nbf && '    nbf: now,',
        t.exp && '    exp: now + TTL_SECONDS,',
        t.jti && '    jti: randomUUID(),',
        '  };',
        `  return jwt.sign(claims, key, { algorithm: ${lit(model.alg)}, ${noTimestamp ? 'noTimestamp: true, ' : ''}header: { ${header.join(', ')} } });`,
      ];

  const cryptoNames = [!secret && 'createPrivateKey', encrypts && e?.key.kind !== 'raw' && e?.key.kind !== 'password' && 'createPublicKey', t.jti && 'randomUUID'].filter(Boolean);
  const embedSyntax: EmbedSyntax = { lang, concat: ' + ', component: (x) => `encodeComponent(${x})`, html: (x) => `escapeHtml(${x})`, js: (x) => `JSON.stringify(${x})` };
  const embedWhat = model.embed?.kind === 'url' ? 'embed URL' : `"${model.embed?.name ?? ''}" snippet`;
  const signingKey = secret ? 'secretBytes' : 'createPrivateKey';
  const code = file([
    ...commented(lang, '//', headerLines(model, lang, ready, 'Save it as issue-token.mjs (an ES module), or as .js in a package whose package.json says "type": "module".')),
    '',
    cryptoNames.length > 0 && `import { ${cryptoNames.join(', ')} } from 'node:crypto';`,
    "import { readFileSync, realpathSync } from 'node:fs';",
    "import { pathToFileURL } from 'node:url';",
    jose ? `import { ${['SignJWT', encrypts && 'CompactEncrypt'].filter(Boolean).join(', ')} } from 'jose';` : "import jwt from 'jsonwebtoken';",
    '',
    ...keyConstants(model, encrypts, (name, value) => `export const ${name} = ${value};`, lang),
    `const TTL_SECONDS = ${t.ttlSeconds};`,
    '',
    `/** The ${encrypts ? 'signed token (encrypt it with encryptToken)' : 'token'} for one signed-in user; \`key\` is ${secret ? "the shared secret's bytes" : 'the private key (a KeyObject)'}. */`,
    `export ${jose ? 'async ' : ''}function issueToken(key${paramList}) {`,
    '  const now = Math.floor(Date.now() / 1000);',
    ...sign,
    '}',
    ...(headerParams
      ? ['', '/** jsonwebtoken writes the header as Latin-1 bytes: text outside ASCII would come out corrupted, so it is refused. */', 'function asciiHeaderText(value) {', "  if (/[^\\x00-\\x7f]/.test(String(value))) throw new Error('jsonwebtoken cannot write text outside ASCII in the header');", '  return value;', '}']
      : []),
    ...(encrypts && e
      ? [
          '',
          "/** The signed token encrypted to the recipient's key, as the profile says. */",
          'export function encryptToken(token, recipientKey) {',
          `  return new CompactEncrypt(new TextEncoder().encode(token))`,
          `    .setProtectedHeader({ ${[`alg: ${lit(e.alg)}`, `enc: ${lit(e.enc)}`, `cty: ${lit('JWT')}`, e.kid !== undefined && `kid: ${lit(e.kid)}`].filter(Boolean).join(', ')} })`,
          e.alg.startsWith('PBES2-') ? '    .setKeyManagementParameters({ p2c: 10000 })' : false,
          '    .encrypt(recipientKey);',
          '}',
        ]
      : []),
    ...(model.embed
      ? [
          '',
          `/** ${commentText(lang, `The ${embedWhat} around a token: the preset's template, each value encoded where it lands.`)} */`,
          `export function embed${model.embed.kind === 'url' ? 'Url' : 'Snippet'}(token) {`,
          `  return ${embedExpression(model, embedSyntax)};`,
          '}',
        ]
      : []),
    ...(encodings.has('component')
      ? ['', "/** Percent-encodes all but A-Z a-z 0-9 - _ . ~ (encodeURIComponent leaves ! ' ( ) * as they are). */", 'function encodeComponent(text) {', "  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());", '}']
      : []),
    ...(encodings.has('html')
      ? ['', "const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\"': '&quot;', \"'\": '&#39;', '`': '&#96;' };", '', 'function escapeHtml(text) {', '  return text.replace(/[&<>"\'`]/g, (c) => HTML_ESCAPES[c]);', '}']
      : []),
    ...(secret ? SECRET_LINES : []),
    ...READ_KEY_LINES,
    '',
    'async function main() {',
    `  const key = readKey(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))}, ${signingKey});`,
    `  ${encrypts ? 'const signed' : 'const token'} = ${jose ? 'await ' : ''}issueToken(key${names.length ? `, { ${model.params.map((p, i) => `${names[i]}: ${valueLiteral(p.example, s)}`).join(', ')} }` : ''});`,
    ...(encrypts && e
      ? [
          `  const recipientKey = readKey(RECIPIENT_KEY_ENV, RECIPIENT_KEY_FILE_ENV, ${lit(missingKeyMessage(e.key.env, e.key.fileEnv, keyWords(e.key.kind, true)))}, ${e.key.kind === 'raw' ? "(text) => Buffer.from(text, 'base64url')" : e.key.kind === 'password' ? '(text) => new TextEncoder().encode(text)' : 'createPublicKey'});`,
          '  const token = await encryptToken(signed, recipientKey);',
        ]
      : []),
    '  console.log(token);',
    model.embed && `  console.log(embed${model.embed.kind === 'url' ? 'Url' : 'Snippet'}(token));`,
    '}',
    '',
    'if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) await main();',
  ]);
  return generated(code, ready);
}
