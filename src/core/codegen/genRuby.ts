// Ruby integration code with ruby-jwt (JWT.encode). OpenSSL::PKey.read reads
// any PEM private key, a shared secret is its text or an oct JWK; ruby-jwt has
// no JWE.

import type { Result } from '../base/types';
import { snakeCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK } from './support';

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
  const { lit, names, encodings, secret } = ready;
  const t = model.times;
  const headers: string[] = [];
  if (model.typ !== undefined) headers.push(`${lit('typ')} => ${lit(model.typ)}`);
  if (model.kid !== undefined) headers.push(`${lit('kid')} => ${lit(model.kid)}`);
  for (const h of model.header) headers.push(`${lit(h.name)} => ${sourceText(h.value, names, SYNTAX)}`);
  const embedName = model.embed?.kind === 'url' ? 'embed_url' : 'embed_snippet';
  const requires = [secret ? 'base64' : '', encodings.has('component') || encodings.has('html') ? 'erb' : '', secret || encodings.has('js') ? 'json' : '', 'jwt', secret ? '' : 'openssl', t.jti ? 'securerandom' : ''].filter(Boolean);

  const code = file([
    '#!/usr/bin/env ruby',
    '# frozen_string_literal: true',
    '',
    ...commented('ruby', '#', headerLines(model, 'ruby', ready)),
    ...requires.map((r) => `require '${r}'`),
    '',
    ...keyConstants(model, false, (name, value) => `${name} = ${value}`, 'ruby'),
    `TTL_SECONDS = ${t.ttlSeconds}`,
    '',
    `# The token for one signed-in user; key is ${secret ? "the shared secret's bytes" : 'the private key (an OpenSSL::PKey)'}.`,
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
    ...(secret
      ? [
          '# A shared secret\'s bytes: the text itself, or the "k" of an oct JWK (what `jwt-studio keys generate` writes).',
          'def secret_bytes(text)',
          "  return text unless text.start_with?('{')",
          '',
          '  jwk = begin',
          '    JSON.parse(text)',
          '  rescue JSON::ParserError',
          '    nil # the parser\'s message would quote the text, which is a secret',
          '  end',
          `  raise ArgumentError, ${lit(NOT_A_SECRET_JWK)} unless jwk.is_a?(Hash) && jwk['kty'] == 'oct' && jwk['k'].is_a?(String)`,
          '',
          "  Base64.urlsafe_decode64(jwk['k'])",
          'end',
          '',
        ]
      : []),
    '# The key from its environment variable, or from the file another one names, read by the block; exits with one line when there is none.',
    'def read_key(env, file_env, message)',
    "  text = ENV.fetch(env, '').strip",
    '  source = env',
    "  path = ENV.fetch(file_env, '')",
    '  if text.empty? && !path.empty?',
    '    source = path',
    '    begin',
    '      text = File.read(path).strip',
    '    rescue SystemCallError, IOError => e',
    '      fail_with "#{file_env} names #{path}, which cannot be read: #{e.message}"',
    '    end',
    '  end',
    '  fail_with message if text.empty?',
    '  begin',
    '    yield text',
    '  rescue StandardError => e',
    '    fail_with "#{source} does not hold a usable key: #{e.message}"',
    '  end',
    'end',
    '',
    'def fail_with(message)',
    '  warn message',
    '  exit 2',
    'end',
    '',
    'if $PROGRAM_NAME == __FILE__',
    `  key = read_key(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))}) { |text| ${secret ? 'secret_bytes(text)' : 'OpenSSL::PKey.read(text)'} }`,
    `  token = issue_token(key${model.params.map((p, i) => `, ${names[i]}: ${valueLiteral(p.example, SYNTAX)}`).join('')})`,
    '  puts token',
    model.embed && `  puts ${embedName}(token)`,
    'end',
  ]);
  return generated(code, ready);
}
