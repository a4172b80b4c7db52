// PHP integration code with firebase/php-jwt (JWT::encode), which takes a PEM
// private key or a shared secret as text and has no JWE. PHP arrays are JSON
// objects only when their keys are not 0, 1, 2 …: an empty object, or one
// whose keys read as a list, is written as an (object) cast.

import type { Result } from '../base/types';
import { fail } from '../base/result';
import { camelCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, typedParams, embedExpression, file, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords } from './support';

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
  const { lit, note, names } = ready;
  const t = model.times;
  const claimNames = model.claims.map((c) => c.name);
  if (!model.times.iat && !model.times.nbf && !model.times.exp && !model.times.jti && readsAsList(claimNames)) {
    return fail('CLAIMS_INVALID', 'php-jwt takes the claims as a PHP array, and claims named 0, 1, 2 … would be written as a JSON list: rename them or add a generated claim (registered: { iat: true }).');
  }
  const head: string[] = [`${lit('typ')} => ${model.typ === undefined ? 'null' : lit(model.typ)}`];
  for (const h of model.header) head.push(`${lit(h.name)} => ${sourceText(h.value, names, SYNTAX)}`);
  const embedName = model.embed?.kind === 'url' ? 'embedUrl' : 'embedSnippet';

  const code = file([
    '<?php',
    ...commented('//', headerLines(model, 'php', note)),
    model.typ === undefined && '// php-jwt always writes typ: this header says null, where the profile leaves typ out.',
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
    `/** The token for one signed-in user; $key is ${model.key.kind === 'secret' ? 'the shared secret' : 'the PEM private key'}. */`,
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
    '/** The key text from its environment variable, or from the file another one names; exits when there is neither. */',
    'function readKey(string $env, string $fileEnv, string $message): string',
    '{',
    "    $text = getenv($env) ?: '';",
    "    if (trim($text) === '' && (getenv($fileEnv) ?: '') !== '') {",
    '        $text = (string) file_get_contents(getenv($fileEnv));',
    '    }',
    "    if (trim($text) === '') {",
    '        fwrite(STDERR, $message . PHP_EOL);',
    '        exit(2);',
    '    }',
    '    return trim($text);',
    '}',
    '',
    "if (PHP_SAPI === 'cli' && isset($argv[0]) && realpath($argv[0]) === __FILE__) {",
    `    $key = readKey(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))});`,
    `    $token = issueToken($key${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')});`,
    '    echo $token, PHP_EOL;',
    model.embed && `    echo ${embedName}($token), PHP_EOL;`,
    '}',
  ]);
  return { ok: true, code, notes: note ? [note] : [] };
}
