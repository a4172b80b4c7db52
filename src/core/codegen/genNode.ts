// Node.js integration code, as an ES module: with jose (SignJWT, and
// CompactEncrypt when the profile encrypts) or with jsonwebtoken (jwt.sign,
// which has no JWE). Keys become KeyObjects with node:crypto, which reads
// PKCS#8, PKCS#1 and SEC1 PEM alike.

import type { Result } from '../base/types';
import { camelCase, stringLiteral } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, embedExpression, file, headerLines, missingKeyMessage, sourceText, valueLiteral, type EmbedSyntax, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords } from './support';

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

export function generateNode(model: CodeModel, lang: Flavour): Result<GeneratedCode> {
  const ready = prepare(model, lang, (w) => camelCase(w));
  if (!ready.ok) return ready;
  const { lit, note, encrypts, names, secret, encodings } = ready;
  const e = model.encrypt;
  const t = model.times;
  const s = syntax(lang);
  const jose = lang === 'node';

  // A member written `name: value`, or just `name` when a parameter of that name holds it.
  const member = (name: string, value: string): string => (value === name && IDENTIFIER.test(name) ? name : `${key(name)}: ${value}`);
  const claimLines = model.claims.map((c) => `    ${member(c.name, sourceText(c.value, names, s))},`);
  const header: string[] = [`alg: ${lit(model.alg)}`];
  header.push(`typ: ${model.typ === undefined ? 'undefined' : lit(model.typ)}`);
  if (model.kid !== undefined) header.push(`kid: ${lit(model.kid)}`);
  for (const h of model.header) header.push(member(h.name, sourceText(h.value, names, s)));
  const paramList = names.length ? `, { ${names.join(', ')} }` : '';

  const sign = jose
    ? [
        `  return new SignJWT({`,
        ...claimLines,
        '  })',
        `    .setProtectedHeader({ ${header.filter((h) => model.typ !== undefined || !h.startsWith('typ:')).join(', ')} })`,
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
        // jsonwebtoken keeps an iat it is given, and adds one unless told not to (noTimestamp, which also drops a given one).
        `  return jwt.sign(claims, key, { algorithm: ${lit(model.alg)}, ${t.iat ? '' : 'noTimestamp: true, '}header: { ${header.join(', ')} } });`,
      ];

  const cryptoNames = [!secret && 'createPrivateKey', encrypts && e?.key.kind !== 'raw' && e?.key.kind !== 'password' && 'createPublicKey', t.jti && 'randomUUID'].filter(Boolean);
  const embedSyntax: EmbedSyntax = { lang, concat: ' + ', component: (x) => `encodeComponent(${x})`, html: (x) => `escapeHtml(${x})`, js: (x) => `JSON.stringify(${x})` };
  const code = file([
    ...commented('//', headerLines(model, lang, note)),
    '',
    cryptoNames.length > 0 && `import { ${cryptoNames.join(', ')} } from 'node:crypto';`,
    "import { readFileSync } from 'node:fs';",
    "import { pathToFileURL } from 'node:url';",
    jose ? `import { ${['SignJWT', encrypts && 'CompactEncrypt'].filter(Boolean).join(', ')} } from 'jose';` : "import jwt from 'jsonwebtoken';",
    '',
    ...keyConstants(model, encrypts, (name, value) => `export const ${name} = ${value};`, lang),
    `const TTL_SECONDS = ${t.ttlSeconds};`,
    '',
    `/** The ${encrypts ? 'signed token (encrypt it with encryptToken)' : 'token'} for one signed-in user; \`key\` is ${secret ? (jose ? "the shared secret's bytes" : 'the shared secret') : 'the private key (a KeyObject)'}. */`,
    `export ${jose ? 'async ' : ''}function issueToken(key${paramList}) {`,
    '  const now = Math.floor(Date.now() / 1000);',
    ...sign,
    '}',
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
          `/** The ${model.embed.kind === 'url' ? 'embed URL' : `"${model.embed.name}" snippet`} around a token: the preset's template, each value encoded where it lands. */`,
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
    '',
    '/** The key text from its environment variable, or from the file another one names; exits when there is neither. */',
    'function readKey(env, fileEnv, message) {',
    "  let text = process.env[env] ?? '';",
    "  if (text.trim() === '' && process.env[fileEnv]) text = readFileSync(process.env[fileEnv], 'utf8');",
    "  if (text.trim() === '') {",
    '    console.error(message);',
    '    process.exit(2);',
    '  }',
    '  return text.trim();',
    '}',
    '',
    'async function main() {',
    `  const key = ${secret ? (jose ? 'new TextEncoder().encode(' : '(') : 'createPrivateKey('}readKey(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))}));`,
    `  ${encrypts ? 'const signed' : 'const token'} = ${jose ? 'await ' : ''}issueToken(key${names.length ? `, { ${model.params.map((p, i) => `${names[i]}: ${valueLiteral(p.example, s)}`).join(', ')} }` : ''});`,
    ...(encrypts && e
      ? [
          `  const recipientText = readKey(RECIPIENT_KEY_ENV, RECIPIENT_KEY_FILE_ENV, ${lit(missingKeyMessage(e.key.env, e.key.fileEnv, keyWords(e.key.kind, true)))});`,
          `  const recipientKey = ${e.key.kind === 'raw' ? "Buffer.from(recipientText, 'base64url')" : e.key.kind === 'password' ? 'new TextEncoder().encode(recipientText)' : 'createPublicKey(recipientText)'};`,
          '  const token = await encryptToken(signed, recipientKey);',
        ]
      : []),
    '  console.log(token);',
    model.embed && `  console.log(embed${model.embed.kind === 'url' ? 'Url' : 'Snippet'}(token));`,
    '}',
    '',
    'if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();',
  ]);
  return { ok: true, code, notes: note ? [note] : [] };
}
