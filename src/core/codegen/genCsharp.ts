// C# integration code with Microsoft.IdentityModel.JsonWebTokens
// (JsonWebTokenHandler.CreateToken with a SecurityTokenDescriptor). Its
// default times are switched off so the claims hold exactly what the profile
// says; the kid is the signing key's KeyId. It encrypts with RSA-OAEP, A128KW
// and A256KW and the CBC-HMAC content encryptions only.

import type { JwsAlg, Result } from '../base/types';
import { camelCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, typedParams, embedExpression, file, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords } from './support';

const SYNTAX: ValueSyntax = {
  lang: 'csharp',
  null: 'null',
  bool: (b) => String(b),
  number: (n) => (Number.isSafeInteger(n) ? (Math.abs(n) > 2_147_483_647 ? `${n}L` : String(n)) : /[.e]/.test(String(n)) ? String(n) : n.toExponential()),
  list: (items) => `new object[] { ${items.join(', ')} }`,
  map: (entries) => `new Dictionary<string, object> { ${entries.map(([k, v]) => `[${k}] = ${v}`).join(', ')} }`,
};

const CONSTANT_NAMES = { KEY_ENV: 'KeyEnv', KEY_FILE_ENV: 'KeyFileEnv', RECIPIENT_KEY_ENV: 'RecipientKeyEnv', RECIPIENT_KEY_FILE_ENV: 'RecipientKeyFileEnv' } as const;
const SIGNING: Record<string, string> = { HS: 'HmacSha', RS: 'RsaSha', PS: 'RsaSsaPssSha', ES: 'EcdsaSha' };
const ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
const ENC_NAMES: Record<string, string> = { 'A128CBC-HS256': 'Aes128CbcHmacSha256', 'A192CBC-HS384': 'Aes192CbcHmacSha384', 'A256CBC-HS512': 'Aes256CbcHmacSha512' };
const KEY_WRAP: Record<string, string> = { 'RSA-OAEP': 'RsaOAEP', A128KW: 'Aes128KW', A256KW: 'Aes256KW' };

function algorithmName(alg: JwsAlg): string {
  return `SecurityAlgorithms.${SIGNING[alg.slice(0, 2)] ?? ''}${alg.slice(2)}`;
}

export function generateCsharp(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'csharp', (w) => camelCase(w), ENCS);
  if (!ready.ok) return ready;
  const { lit, note, encrypts, names, encodings, secret } = ready;
  const e = model.encrypt;
  const t = model.times;
  const embedName = model.embed?.kind === 'url' ? 'EmbedUrl' : 'EmbedSnippet';
  const extraHeader = model.header.map((h) => `[${lit(h.name)}] = ${sourceText(h.value, names, SYNTAX)}`);

  const code = file([
    ...commented('//', headerLines(model, 'csharp', note)),
    model.typ === undefined && '// JsonWebTokenHandler always writes typ: the profile leaves it out, this code writes "JWT".',
    'using System;',
    'using System.Collections.Generic;',
    'using System.IO;',
    'using System.Security.Cryptography;',
    'using System.Text;',
    encodings.has('js') && 'using System.Text.Json;',
    'using Microsoft.IdentityModel.JsonWebTokens;',
    'using Microsoft.IdentityModel.Tokens;',
    '',
    'public static class IntegrationToken',
    '{',
    ...keyConstants(model, encrypts, (name, value) => `    public const string ${CONSTANT_NAMES[name]} = ${value};`, 'csharp'),
    `    public const long TtlSeconds = ${t.ttlSeconds};`,
    '',
    `    /// <summary>The token for one signed-in user${encrypts ? ', encrypted to the recipient' : ''}; the key's KeyId is the token's kid.</summary>`,
    `    public static string IssueToken(SecurityKey key${encrypts ? ', SecurityKey recipient' : ''}${typedParams(model, names, { text: 'string', number: 'long' })})`,
    '    {',
    '        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();',
    '        var claims = new Dictionary<string, object>',
    '        {',
    ...model.claims.map((c) => `            [${lit(c.name)}] = ${sourceText(c.value, names, SYNTAX)},`),
    t.iat && `            [${lit('iat')}] = now,`,
    t.nbf && `            [${lit('nbf')}] = now,`,
    t.exp && `            [${lit('exp')}] = now + TtlSeconds,`,
    t.jti && `            [${lit('jti')}] = Guid.NewGuid().ToString(),`,
    '        };',
    '        var descriptor = new SecurityTokenDescriptor',
    '        {',
    '            Claims = claims,',
    `            SigningCredentials = new SigningCredentials(key, ${algorithmName(model.alg)}),`,
    `            TokenType = ${lit(model.typ ?? 'JWT')},`,
    extraHeader.length > 0 && `            AdditionalHeaderClaims = new Dictionary<string, object> { ${extraHeader.join(', ')} },`,
    encrypts && e && `            EncryptingCredentials = new EncryptingCredentials(recipient, SecurityAlgorithms.${KEY_WRAP[e.alg]}, SecurityAlgorithms.${ENC_NAMES[e.enc]}),`,
    '        };',
    '        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);',
    '    }',
    ...(model.embed
      ? [
          '',
          `    /// <summary>The ${model.embed.kind === 'url' ? 'embed URL' : 'snippet'} around a token: the preset's template, each value encoded where it lands.</summary>`,
          `    public static string ${embedName}(string token)`,
          '    {',
          `        return ${embedExpression(model, { lang: 'csharp', concat: ' + ', component: (x) => `Uri.EscapeDataString(${x})`, html: (x) => `System.Net.WebUtility.HtmlEncode(${x})`, js: (x) => `JsonSerializer.Serialize(${x})` })};`,
          '    }',
        ]
      : []),
    '',
    '    /// <summary>The key text from its environment variable, or from the file another one names; exits when there is neither.</summary>',
    '    static string ReadKey(string env, string fileEnv, string message)',
    '    {',
    '        string text = Environment.GetEnvironmentVariable(env) ?? "";',
    '        string path = Environment.GetEnvironmentVariable(fileEnv) ?? "";',
    '        if (text.Trim().Length == 0 && path.Length > 0) text = File.ReadAllText(path);',
    '        if (text.Trim().Length == 0)',
    '        {',
    '            Console.Error.WriteLine(message);',
    '            Environment.Exit(2);',
    '        }',
    '        return text.Trim();',
    '    }',
    '',
    '    public static void Main()',
    '    {',
    `        string keyText = ReadKey(KeyEnv, KeyFileEnv, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))});`,
    ...(secret
      ? ['        SecurityKey key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(keyText));']
      : [`        var pem = ${model.key.kind === 'ec' ? 'ECDsa' : 'RSA'}.Create();`, '        pem.ImportFromPem(keyText);', `        SecurityKey key = new ${model.key.kind === 'ec' ? 'ECDsaSecurityKey' : 'RsaSecurityKey'}(pem);`]),
    model.kid !== undefined && `        key.KeyId = ${lit(model.kid)};`,
    ...(encrypts && e
      ? [
          `        string recipientText = ReadKey(RecipientKeyEnv, RecipientKeyFileEnv, ${lit(missingKeyMessage(e.key.env, e.key.fileEnv, keyWords(e.key.kind, true)))});`,
          ...(e.key.kind === 'rsa'
            ? ['        var recipientRsa = RSA.Create();', '        recipientRsa.ImportFromPem(recipientText);', '        SecurityKey recipient = new RsaSecurityKey(recipientRsa);']
            : ['        SecurityKey recipient = new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes(recipientText));']),
          e.kid !== undefined && `        recipient.KeyId = ${lit(e.kid)};`,
        ]
      : []),
    `        string token = IssueToken(key${encrypts ? ', recipient' : ''}${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')});`,
    '        Console.WriteLine(token);',
    model.embed && `        Console.WriteLine(${embedName}(token));`,
    '    }',
    '}',
  ]);
  return { ok: true, code, notes: note ? [note] : [] };
}

