// Python integration code with PyJWT (jwt.encode). The PEM private key is
// read with cryptography (which PyJWT signs with), a shared secret is its text
// or an oct JWK; PyJWT has no JWE.

import type { Result } from '../base/types';
import { snakeCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK } from './support';

const SYNTAX: ValueSyntax = {
  lang: 'python',
  null: 'None',
  bool: (b) => (b ? 'True' : 'False'),
  list: (items) => `[${items.join(', ')}]`,
  map: (entries) => `{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
};

export function generatePython(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'python', snakeCase);
  if (!ready.ok) return ready;
  const { lit, names, encodings, secret } = ready;
  const t = model.times;
  const headers: string[] = [`${lit('typ')}: ${model.typ === undefined ? 'None' : lit(model.typ)}`];
  if (model.kid !== undefined) headers.push(`${lit('kid')}: ${lit(model.kid)}`);
  for (const h of model.header) headers.push(`${lit(h.name)}: ${sourceText(h.value, names, SYNTAX)}`);
  const embedName = model.embed?.kind === 'url' ? 'embed_url' : 'embed_snippet';
  const imports = [secret && 'import base64', encodings.has('html') && 'import html', (secret || encodings.has('js')) && 'import json', 'import os', 'import sys', 'import time', t.jti && 'import uuid', encodings.has('component') && 'from urllib.parse import quote'];

  const code = file([
    '#!/usr/bin/env python3',
    ...commented('python', '#', headerLines(model, 'python', ready)),
    ...imports.filter((l): l is string => typeof l === 'string'),
    '',
    'import jwt',
    !secret && 'from cryptography.hazmat.primitives.serialization import load_pem_private_key',
    '',
    ...keyConstants(model, false, (name, value) => `${name} = ${value}`, 'python'),
    `TTL_SECONDS = ${t.ttlSeconds}`,
    '',
    '',
    `def issue_token(key${names.length ? `, *, ${model.params.map((p, i) => `${names[i]}: ${typeof p.example === 'number' ? 'int' : 'str'}`).join(', ')}` : ''}) -> str:`,
    `    """The token for one signed-in user; key is ${secret ? "the shared secret's bytes" : 'the private key'}."""`,
    '    now = int(time.time())',
    '    claims = {',
    ...model.claims.map((c) => `        ${lit(c.name)}: ${sourceText(c.value, names, SYNTAX)},`),
    t.iat && `        ${lit('iat')}: now,`,
    t.nbf && `        ${lit('nbf')}: now,`,
    t.exp && `        ${lit('exp')}: now + TTL_SECONDS,`,
    t.jti && `        ${lit('jti')}: str(uuid.uuid4()),`,
    '    }',
    `    headers = {${headers.join(', ')}}`,
    `    return jwt.encode(claims, key, algorithm=${lit(model.alg)}, headers=headers)`,
    ...(model.embed
      ? [
          '',
          '',
          `def ${embedName}(token: str) -> str:`,
          `    """The ${model.embed.kind === 'url' ? 'embed URL' : 'snippet'} around a token: the preset's template, each value encoded where it lands."""`,
          `    return ${embedExpression(model, { lang: 'python', concat: ' + ', component: (x) => `quote(${x}, safe="")`, html: (x) => `html.escape(${x})`, js: (x) => `json.dumps(${x})` })}`,
        ]
      : []),
    '',
    '',
    ...(secret
      ? [
          'def secret_bytes(text: str) -> bytes:',
          '    """A shared secret\'s bytes: the text as UTF-8, or the "k" of an oct JWK (what `jwt-studio keys generate` writes)."""',
          '    if not text.startswith("{"):',
          '        return text.encode("utf-8")',
          '    try:',
          '        jwk = json.loads(text)',
          '    except ValueError:',
          '        jwk = None  # the parser\'s message would quote the text, which is a secret',
          '    if not isinstance(jwk, dict) or jwk.get("kty") != "oct" or not isinstance(jwk.get("k"), str):',
          `        raise ValueError(${lit(NOT_A_SECRET_JWK)})`,
          '    return base64.urlsafe_b64decode(jwk["k"] + "=" * (-len(jwk["k"]) % 4))',
        ]
      : ['def private_key(text: str):', '    """The PEM private key (PKCS#8, PKCS#1 or SEC1)."""', '    return load_pem_private_key(text.encode("utf-8"), password=None)']),
    '',
    '',
    'def read_key(env: str, file_env: str, message: str, parse):',
    '    """The key from its environment variable, or from the file another one names, read with parse; exits with one line when there is none."""',
    '    text = os.environ.get(env, "")',
    '    source = env',
    '    path = os.environ.get(file_env, "")',
    '    if not text.strip() and path:',
    '        source = path',
    '        try:',
    '            with open(path, encoding="utf-8") as f:',
    '                text = f.read()',
    '        except (OSError, ValueError) as error:',
    '            fail(f"{file_env} names {path}, which cannot be read: {error}")',
    '    if not text.strip():',
    '        fail(message)',
    '    try:',
    '        return parse(text.strip())',
    '    except (ValueError, TypeError) as error:',
    '        fail(f"{source} does not hold a usable key: {error.args[0] if error.args else error}")',
    '',
    '',
    'def fail(message: str):',
    '    print(message, file=sys.stderr)',
    '    sys.exit(2)',
    '',
    '',
    'if __name__ == "__main__":',
    `    signing_key = read_key(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))}, ${secret ? 'secret_bytes' : 'private_key'})`,
    `    token = issue_token(signing_key${model.params.map((p, i) => `, ${names[i]}=${valueLiteral(p.example, SYNTAX)}`).join('')})`,
    '    print(token)',
    model.embed && `    print(${embedName}(token))`,
  ]);
  return generated(code, ready);
}
