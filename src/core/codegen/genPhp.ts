// PHP integration code with firebase/php-jwt (JWT::encode), which takes a PEM
// private key or a shared secret (its text, or an oct JWK's "k") as a string
// and has no JWE. It always writes typ. PHP arrays are JSON
// objects only when their keys are not 0, 1, 2 …: an empty object, or one
// whose keys read as a list, is written as an (object) cast.

import type { Result } from '../base/types';
import { fail } from '../base/result';
import { camelCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, typedParams, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, typNote, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK } from './support';

/** Keys PHP turns into the list indexes 0, 1, 2 … (json_encode then writes an array). */
function readsAsList(keys: string[]): boolean {
  return keys.every((k, i) => k === String(i));
}

const SYNTAX: ValueSyntax = {
  lang: 'php',
  null: 'null',
  bool: (b) => String(b),
  list: (items) => `[${items.join(', ')}]`,
  map: (entries, keys) => {
    const array = `[${entries.map(([k, v]) => `${k} => ${v}`).join(', ')}]`;
    return keys.length === 0 || readsAsList(keys) ? `(object) ${array}` : array;
  },
};

export function generatePhp(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'php', (w) => `$${camelCase(w)}`);
  if (!ready.ok) return ready;
  const { lit, names, secret } = ready;
  ready.notes.push(...typNote(model, 'php'));
  const t = model.times;
  const claimNames = model.claims.map((c) => c.name);
  if (!model.times.iat && !model.times.nbf && !model.times.exp && !model.times.jti && readsAsList(claimNames)) {
    return fail('CLAIMS_INVALID', 'php-jwt takes the claims as a PHP array, and claims named 0, 1, 2 … would be written as a JSON list: rename them or add a generated claim (registered: { iat: true }).');
  }
  const head: string[] = [`${lit('typ')} => ${lit(model.typ ?? 'JWT')}`];
  for (const h of model.header) head.push(`${lit(h.name)} => ${sourceText(h.value, names, SYNTAX)}`);
  const embedName = model.embed?.kind === 'url' ? 'embedUrl' : 'embedSnippet';

  const code = file([
    '<?php',
    ...commented('php', '//', headerLines(model, 'php', ready)),
    '',
    'declare(strict_types=1);',
    '',
    "require __DIR__ . '/vendor/autoload.php';",
    '',
    'use Firebase\\JWT\\JWT;',
    '',
    ...keyConstants(model, false, (name, value) => `const ${name} = ${value};`, 'php'),
    `const TTL_SECONDS = ${t.ttlSeconds};`,
    '',
    `/** The token for one signed-in user; $key is ${secret ? "the shared secret's bytes" : 'the PEM private key'}. */`,
    `function issueToken(string $key${typedParams(model, names, { text: 'string', number: 'int' })}): string`,
    '{',
    '    $now = time();',
    '    $claims = [',
    ...model.claims.map((c) => `        ${lit(c.name)} => ${sourceText(c.value, names, SYNTAX)},`),
    t.iat && `        ${lit('iat')} => $now,`,
    t.nbf && `        ${lit('nbf')} => $now,`,
    t.exp && `        ${lit('exp')} => $now + TTL_SECONDS,`,
    t.jti && `        ${lit('jti')} => newJti(),`,
    '    ];',
    `    return JWT::encode($claims, $key, ${lit(model.alg)}, ${model.kid !== undefined ? lit(model.kid) : 'null'}, [${head.join(', ')}]);`,
    '}',
    ...(t.jti
      ? [
          '',
          '/** A random (version 4) UUID. */',
          'function newJti(): string',
          '{',
          '    $b = random_bytes(16);',
          '    $b[6] = chr(ord($b[6]) & 0x0f | 0x40);',
          '    $b[8] = chr(ord($b[8]) & 0x3f | 0x80);',
          "    return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($b), 4));",
          '}',
        ]
      : []),
    ...(model.embed
      ? [
          '',
          `/** The ${model.embed.kind === 'url' ? 'embed URL' : 'snippet'} around a token: the preset's template, each value encoded where it lands. */`,
          `function ${embedName}(string $token): string`,
          '{',
          `    return ${embedExpression(model, { lang: 'php', concat: ' . ', component: (x) => `rawurlencode(${x})`, html: (x) => `htmlspecialchars(${x}, ENT_QUOTES)`, js: (x) => `json_encode(${x})` }, '$token')};`,
          '}',
        ]
      : []),
    '',
    ...(secret
      ? [
          '/** A shared secret\'s bytes: the text itself, or the "k" of an oct JWK (what `jwt-studio keys generate` writes). */',
          'function secretBytes(string $text): string',
          '{',
          "    if (substr($text, 0, 1) !== '{') {",
          '        return $text;',
          '    }',
          '    $jwk = json_decode($text, true);',
          "    if (!is_array($jwk) || ($jwk['kty'] ?? null) !== 'oct' || !is_string($jwk['k'] ?? null)) {",
          `        throw new UnexpectedValueException(${lit(NOT_A_SECRET_JWK)});`,
          '    }',
          "    return JWT::urlsafeB64Decode($jwk['k']);",
          '}',
        ]
      : [
          '/** The PEM private key (PKCS#8, PKCS#1 or SEC1), checked before it signs. */',
          'function privateKeyPem(string $text): string',
          '{',
          '    if (openssl_pkey_get_private($text) === false) {',
          "        throw new UnexpectedValueException(openssl_error_string() ?: 'not a PEM private key');",
          '    }',
          '    return $text;',
          '}',
        ]),
    '',
    '/** The key from its environment variable, or from the file another one names, read with $parse; exits with one line when there is none. */',
    'function readKey(string $env, string $fileEnv, string $message, callable $parse): string',
    '{',
    "    $text = trim((string) getenv($env));",
    '    $source = $env;',
    "    $path = (string) getenv($fileEnv);",
    "    if ($text === '' && $path !== '') {",
    '        $source = $path;',
    '        if (!is_file($path) || !is_readable($path)) {',
    "            fail($fileEnv . ' names ' . $path . ', which cannot be read: ' . (file_exists($path) ? 'not a readable file' : 'no such file'));",
    '        }',
    '        $text = trim((string) file_get_contents($path));',
    '    }',
    "    if ($text === '') {",
    '        fail($message);',
    '    }',
    '    try {',
    '        return $parse($text);',
    '    } catch (Exception $e) {',
    "        fail($source . ' does not hold a usable key: ' . $e->getMessage());",
    '    }',
    '}',
    '',
    'function fail(string $message): void',
    '{',
    '    fwrite(STDERR, $message . PHP_EOL);',
    '    exit(2);',
    '}',
    '',
    "if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {",
    `    $key = readKey(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))}, ${lit(secret ? 'secretBytes' : 'privateKeyPem')});`,
    `    $token = issueToken($key${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')});`,
    '    echo $token, PHP_EOL;',
    model.embed && `    echo ${embedName}($token), PHP_EOL;`,
    '}',
  ]);
  return generated(code, ready);
}
