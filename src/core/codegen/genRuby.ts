// Ruby integration code with ruby-jwt (JWT.encode). OpenSSL::PKey.read reads
// any PEM private key; ruby-jwt has no JWE.

import type { Result } from '../base/types';
import { snakeCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, embedExpression, file, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords } from './support';

const SYNTAX: ValueSyntax = {
  lang: 'ruby',
  null: 'nil',
  bool: (b) => String(b),
  list: (items) => `[${items.join(', ')}]`,
  map: (entries) => (entries.length ? `{ ${entries.map(([k, v]) => `${k} => ${v}`).join(', ')} }` : '{}'),
};

export function generateRuby(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'ruby', snakeCase);
  if (!ready.ok) return ready;
  const { lit, note, names, encodings } = ready;
  const t = model.times;
  const headers: string[] = [];
  if (model.typ !== undefined) headers.push(`${lit('typ')} => ${lit(model.typ)}`);
  if (model.kid !== undefined) headers.push(`${lit('kid')} => ${lit(model.kid)}`);
  for (const h of model.header) headers.push(`${lit(h.name)} => ${sourceText(h.value, names, SYNTAX)}`);
  const embedName = model.embed?.kind === 'url' ? 'embed_url' : 'embed_snippet';
  const requires = [encodings.has('component') || encodings.has('html') ? 'erb' : '', encodings.has('js') ? 'json' : '', 'jwt', model.key.kind === 'secret' ? '' : 'openssl', t.jti ? 'securerandom' : ''].filter(Boolean);

  const code = file([
    '#!/usr/bin/env ruby',
    '# frozen_string_literal: true',
    '',
    ...commented('#', headerLines(model, 'ruby', note)),
    ...requires.map((r) => `require '${r}'`),
    '',
    ...keyConstants(model, false, (name, value) => `${name} = ${value}`, 'python'),
    `TTL_SECONDS = ${t.ttlSeconds}`,
    '',
    `# The token for one signed-in user; key is ${model.key.kind === 'secret' ? 'the shared secret' : 'the private key (an OpenSSL::PKey)'}.`,
    `def issue_token(key${names.map((n) => `, ${n}:`).join('')})`,
    '  now = Time.now.to_i',
    '  claims = {',
    ...model.claims.map((c) => `    ${lit(c.name)} => ${sourceText(c.value, names, SYNTAX)},`),
    t.iat && `    ${lit('iat')} => now,`,
    t.nbf && `    ${lit('nbf')} => now,`,
    t.exp && `    ${lit('exp')} => now + TTL_SECONDS,`,
    t.jti && `    ${lit('jti')} => SecureRandom.uuid,`,
    '  }',
    `  JWT.encode(claims, key, ${lit(model.alg)}, { ${headers.join(', ')} })`,
    'end',
    ...(model.embed
      ? [
          '',
          `# The ${model.embed.kind === 'url' ? 'embed URL' : 'snippet'} around a token: the preset's template, each value encoded where it lands.`,
          `def ${embedName}(token)`,
          `  ${embedExpression(model, { lang: 'ruby', concat: ' + ', component: (x) => `ERB::Util.url_encode(${x})`, html: (x) => `ERB::Util.html_escape(${x})`, js: (x) => `JSON.generate(${x})` })}`,
          'end',
        ]
      : []),
    '',
    '# The key text from its environment variable, or from the file another one names; exits when there is neither.',
    'def read_key(env, file_env, message)',
    "  text = ENV.fetch(env, '')",
    '  text = File.read(ENV[file_env]) if text.strip.empty? && !ENV.fetch(file_env, \'\').empty?',
    '  if text.strip.empty?',
    '    warn message',
    '    exit 2',
    '  end',
    '  text.strip',
    'end',
    '',
    'if $PROGRAM_NAME == __FILE__',
    `  key_text = read_key(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))})`,
    `  key = ${model.key.kind === 'secret' ? 'key_text' : 'OpenSSL::PKey.read(key_text)'}`,
    `  token = issue_token(key${model.params.map((p, i) => `, ${names[i]}: ${valueLiteral(p.example, SYNTAX)}`).join('')})`,
    '  puts token',
    model.embed && `  puts ${embedName}(token)`,
    'end',
  ]);
  return { ok: true, code, notes: note ? [note] : [] };
}
