// Python integration code with PyJWT (jwt.encode). PyJWT reads a PEM private
// key itself (through cryptography) and takes a shared secret as text; it has
// no JWE.

import type { Result } from '../base/types';
import { snakeCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, embedExpression, file, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords } from './support';

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
  const { lit, note, names, encodings } = ready;
  const t = model.times;
  const headers: string[] = [`${lit('typ')}: ${model.typ === undefined ? 'None' : lit(model.typ)}`];
  if (model.kid !== undefined) headers.push(`${lit('kid')}: ${lit(model.kid)}`);
  for (const h of model.header) headers.push(`${lit(h.name)}: ${sourceText(h.value, names, SYNTAX)}`);
  const embedName = model.embed?.kind === 'url' ? 'embed_url' : 'embed_snippet';
  const imports = ['import os', 'import sys', 'import time', t.jti && 'import uuid', encodings.has('html') && 'import html', encodings.has('js') && 'import json', encodings.has('component') && 'from urllib.parse import quote'];

  const code = file([
    '#!/usr/bin/env python3',
    ...commented('#', headerLines(model, 'python', note)),
    ...imports.filter((l): l is string => typeof l === 'string'),
    '',
    'import jwt',
    '',
    ...keyConstants(model, false, (name, value) => `${name} = ${value}`, 'python'),
    `TTL_SECONDS = ${t.ttlSeconds}`,
    '',
    '',
    `def issue_token(key: str${names.length ? `, *, ${model.params.map((p, i) => `${names[i]}: ${typeof p.example === 'number' ? 'int' : 'str'}`).join(', ')}` : ''}) -> str:`,
    `    """The token for one signed-in user; key is ${model.key.kind === 'secret' ? 'the shared secret' : 'the PEM private key'}."""`,
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
    'def read_key(env: str, file_env: str, message: str) -> str:',
    '    """The key text from its environment variable, or from the file another one names; exits when there is neither."""',
    '    text = os.environ.get(env, "")',
    '    if not text.strip() and os.environ.get(file_env):',
    '        with open(os.environ[file_env], encoding="utf-8") as f:',
    '            text = f.read()',
    '    if not text.strip():',
    '        print(message, file=sys.stderr)',
    '        sys.exit(2)',
    '    return text.strip()',
    '',
    '',
    'if __name__ == "__main__":',
    `    signing_key = read_key(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))})`,
    `    token = issue_token(signing_key${model.params.map((p, i) => `, ${names[i]}=${valueLiteral(p.example, SYNTAX)}`).join('')})`,
    '    print(token)',
    model.embed && `    print(${embedName}(token))`,
  ]);
  return { ok: true, code, notes: note ? [note] : [] };
}
