// C# integration code with Microsoft.IdentityModel.JsonWebTokens
// (JsonWebTokenHandler.CreateToken with a SecurityTokenDescriptor). Its
// default times are switched off so the claims hold exactly what the profile
// says; the kid is the signing key's KeyId. It encrypts with RSA-OAEP, A128KW
// and A256KW and the CBC-HMAC content encryptions only, and always writes typ.
// A shared secret is its text or an oct JWK (read with the library's JsonWebKey).

import type { JwsAlg, Result } from '../base/types';
import { fail } from '../base/result';
import { camelCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, typedParams, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, typNote, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK } from './support';

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

/** Header names JsonWebTokenHandler writes itself and refuses in AdditionalHeaderClaims, in any case (IDX14116). */
const OWN_HEADER = ['alg', 'kid', 'x5t', 'enc', 'zip'];

function algorithmName(alg: JwsAlg): string {
  return `SecurityAlgorithms.${SIGNING[alg.slice(0, 2)] ?? ''}${alg.slice(2)}`;
}

export function generateCsharp(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'csharp', (w) => camelCase(w), ENCS);
  if (!ready.ok) return ready;
  const { lit, encrypts, names, encodings, secret } = ready;
  const own = model.header.find((h) => OWN_HEADER.includes(h.name.toLowerCase()));
  if (own) return fail('HEADER_REFUSED', `Microsoft.IdentityModel.JsonWebTokens writes "${own.name}" itself and refuses it among the additional header members (IDX14116): choose another language, or leave "${own.name}" out of the header.`);
  ready.notes.push(...typNote(model, 'csharp'));
  const e = model.encrypt;
  const t = model.times;
  const embedName = model.embed?.kind === 'url' ? 'EmbedUrl' : 'EmbedSnippet';
  const extraHeader = model.header.map((h) => `[${lit(h.name)}] = ${sourceText(h.value, names, SYNTAX)}`);

  const code = file([
    ...commented('csharp', '//', headerLines(model, 'csharp', ready)),
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
    ...(secret
      ? [
          '',
          '    /// <summary>A shared secret\'s bytes: the text as UTF-8, or the "k" of an oct JWK (what `jwt-studio keys generate` writes).</summary>',
          '    static byte[] SecretBytes(string text)',
          '    {',
          '        if (!text.StartsWith("{")) return Encoding.UTF8.GetBytes(text);',
          '        JsonWebKey jwk;',
          '        try',
          '        {',
          '            jwk = new JsonWebKey(text);',
          '        }',
          '        catch (Exception)',
          '        {',
          '            jwk = null; // the parser\'s message could quote the text, which is a secret',
          '        }',
          `        if (jwk?.Kty != "oct" || string.IsNullOrEmpty(jwk.K)) throw new FormatException(${lit(NOT_A_SECRET_JWK)});`,
          '        return Base64UrlEncoder.DecodeBytes(jwk.K);',
          '    }',
        ]
      : []),
    ...(!secret || e?.key.kind === 'rsa'
      ? [
          '',
          '    /// <summary>The key read from PEM text into an RSA or ECDsa object.</summary>',
          '    static T FromPem<T>(T algorithm, string pem) where T : AsymmetricAlgorithm',
          '    {',
          '        algorithm.ImportFromPem(pem);',
          '        return algorithm;',
          '    }',
        ]
      : []),
    '',
    '    /// <summary>The key from its environment variable, or from the file another one names, read with parse; exits with one line when there is none.</summary>',
    '    static T ReadKey<T>(string env, string fileEnv, string message, Func<string, T> parse)',
    '    {',
    '        string text = (Environment.GetEnvironmentVariable(env) ?? "").Trim();',
    '        string source = env;',
    '        string path = Environment.GetEnvironmentVariable(fileEnv) ?? "";',
    '        if (text.Length == 0 && path.Length > 0)',
    '        {',
    '            source = path;',
    '            try',
    '            {',
    '                text = File.ReadAllText(path).Trim();',
    '            }',
    '            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)',
    '            {',
    '                Fail($"{fileEnv} names {path}, which cannot be read: {e.Message}");',
    '            }',
    '        }',
    '        if (text.Length == 0) Fail(message);',
    '        try',
    '        {',
    '            return parse(text);',
    '        }',
    '        catch (Exception e)',
    '        {',
    '            Fail($"{source} does not hold a usable key: {e.Message}");',
    '            return default;',
    '        }',
    '    }',
    '',
    '    static void Fail(string message)',
    '    {',
    '        Console.Error.WriteLine(message);',
    '        Environment.Exit(2);',
    '    }',
    '',
    '    public static void Main()',
    '    {',
    `        SecurityKey key = ReadKey(KeyEnv, KeyFileEnv, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))}, ${secret ? 'text => new SymmetricSecurityKey(SecretBytes(text))' : `text => new ${model.key.kind === 'ec' ? 'ECDsaSecurityKey' : 'RsaSecurityKey'}(FromPem(${model.key.kind === 'ec' ? 'ECDsa' : 'RSA'}.Create(), text))`});`,
    model.kid !== undefined && `        key.KeyId = ${lit(model.kid)};`,
    ...(encrypts && e
      ? [
          `        SecurityKey recipient = ReadKey(RecipientKeyEnv, RecipientKeyFileEnv, ${lit(missingKeyMessage(e.key.env, e.key.fileEnv, keyWords(e.key.kind, true)))}, ${e.key.kind === 'rsa' ? 'text => new RsaSecurityKey(FromPem(RSA.Create(), text))' : 'text => new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes(text))'});`,
          e.kid !== undefined && `        recipient.KeyId = ${lit(e.kid)};`,
        ]
      : []),
    `        string token = IssueToken(key${encrypts ? ', recipient' : ''}${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')});`,
    '        Console.WriteLine(token);',
    model.embed && `        Console.WriteLine(${embedName}(token));`,
    '    }',
    '}',
  ]);
  return generated(code, ready);
}

