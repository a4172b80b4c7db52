// Java integration code with nimbus-jose-jwt (SignedJWT, and JWEObject when
// the profile encrypts). Keys are read with the JDK's KeyFactory from PKCS#8
// (private) and X.509 SubjectPublicKeyInfo (public) PEM, a shared secret is
// its text or an oct JWK. JSON objects are LinkedHashMaps (member order kept,
// null allowed), lists Arrays.asList. Header members nimbus registers are set
// with its own builder methods.

import type { JweEnc, JweKeyAlg, Result } from '../base/types';
import { fail } from '../base/result';
import { camelCase, commentText } from './literals';
import type { CodeModel, JsonValue, ValueSource } from './model';
import { commented, prepare, keyConstants, typedParams, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK } from './support';

const SYNTAX: ValueSyntax = {
  lang: 'java',
  null: 'null',
  bool: (b) => String(b),
  number: (n) => (Number.isSafeInteger(n) ? (Math.abs(n) > 2_147_483_647 ? `${n}L` : String(n)) : /[.e]/.test(String(n)) ? String(n) : n.toExponential()),
  // A lone null would be read as the varargs array itself (Arrays.asList(null) throws): cast it to one item.
  list: (items) => `Arrays.asList(${items.length === 1 && items[0] === 'null' ? '(Object) null' : items.join(', ')})`,
  map: (entries) => `object(${entries.map(([k, v]) => `${k}, ${v}`).join(', ')})`,
};

/** A JSON value as this code writes it (for tests that run the literals). */
export const javaValue = (value: JsonValue): string => valueLiteral(value, SYNTAX);

const JWE_ALG = (alg: JweKeyAlg): string => alg.replace(/[-+]/g, '_').replace(/^dir$/, 'DIR');
const JWE_ENC = (enc: JweEnc): string => enc.replace(/-/g, '_');

/** A URI java.net.URI.create takes as it is (scheme, then no space, quote, angle bracket, backslash, caret, backtick, brace or bar). */
const URI_TEXT = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]*$/;

/** nimbus registers these header names: customParam refuses them, the builder has a method for each (jwk takes a parsed key). */
const REGISTERED: Record<string, { method: string; kind: 'text' | 'uri' | 'base64url' | 'chain' | 'refused' }> = {
  cty: { method: 'contentType', kind: 'text' },
  jku: { method: 'jwkURL', kind: 'uri' },
  x5u: { method: 'x509CertURL', kind: 'uri' },
  x5t: { method: 'x509CertThumbprint', kind: 'base64url' },
  'x5t#S256': { method: 'x509CertSHA256Thumbprint', kind: 'base64url' },
  x5c: { method: 'x509CertChain', kind: 'chain' },
  jwk: { method: 'jwk', kind: 'refused' },
};

/** One header member as a JWSHeader.Builder call: customParam, or the method nimbus has for a registered name. */
function headerCall(name: string, value: ValueSource, names: readonly string[], lit: (text: string) => string, model: CodeModel): Result<{ call: string }> {
  const registered = REGISTERED[name];
  if (!registered) return { ok: true, call: `.customParam(${lit(name)}, ${sourceText(value, names, SYNTAX)})` };
  const refuse = (why: string): Result<{ call: string }> => fail('HEADER_REFUSED', `nimbus-jose-jwt cannot write the header's "${name}" as the profile says (${why}): choose another language, or leave "${name}" out of the header.`);
  if (registered.kind === 'refused') return refuse('it takes a parsed key of its own there, not JSON');
  const fixed: JsonValue | undefined = value.kind === 'fixed' ? value.value : undefined;
  const param = value.kind === 'param' ? model.params[value.param] : undefined;
  if (registered.kind === 'chain') {
    if (!Array.isArray(fixed) || !fixed.every((c) => typeof c === 'string')) return refuse('it takes a list of base64 certificates');
    return { ok: true, call: `.${registered.method}(List.of(${fixed.map((c) => `new com.nimbusds.jose.util.Base64(${lit(c as string)})`).join(', ')}))` };
  }
  if (typeof fixed !== 'string' && typeof param?.example !== 'string') return refuse('it takes text there');
  if (registered.kind === 'uri' && typeof fixed === 'string' && !URI_TEXT.test(fixed)) return refuse('it reads the value as a java.net.URI, which this text is not');
  const text = sourceText(value, names, SYNTAX);
  const arg = registered.kind === 'uri' ? `URI.create(${text})` : registered.kind === 'base64url' ? `new Base64URL(${text})` : text;
  return { ok: true, call: `.${registered.method}(${arg})` };
}

/**
 * What nimbus writes differently from the profile (JWTClaimsSet.toJSONObject): a one-item aud list as a string,
 * and an aud that is not text or a list of text not at all. (It also leaves out top-level null claims, which a
 * profile cannot hold.)
 */
function claimsNote(model: CodeModel): string | undefined {
  const aud = model.claims.find((c) => c.name === 'aud')?.value;
  const changed = aud?.kind === 'fixed' && typeof aud.value !== 'string' && !(Array.isArray(aud.value) && aud.value.length > 1 && aud.value.every((a) => typeof a === 'string'));
  return changed ? "nimbus-jose-jwt writes an aud list of one text as that text (and an aud that is not text or a list of text not at all): this token's claims differ from the profile's there." : undefined;
}

export function generateJava(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'java', (w) => camelCase(w));
  if (!ready.ok) return ready;
  const { lit, encrypts, names, encodings, secret } = ready;
  const e = model.encrypt;
  const t = model.times;
  const note = claimsNote(model);
  if (note) ready.notes.push(note);
  const signer = secret ? 'new MACSigner(key)' : model.key.kind === 'ec' ? 'new ECDSASigner((ECPrivateKey) key)' : 'new RSASSASigner(key)';
  const headerBuilder = [`new JWSHeader.Builder(JWSAlgorithm.${model.alg})`];
  if (model.typ === 'JWT') headerBuilder.push('.type(JOSEObjectType.JWT)');
  else if (model.typ !== undefined) headerBuilder.push(`.type(new JOSEObjectType(${lit(model.typ)}))`);
  if (model.kid !== undefined) headerBuilder.push(`.keyID(${lit(model.kid)})`);
  for (const h of model.header) {
    const call = headerCall(h.name, h.value, names, lit, model);
    if (!call.ok) return call;
    headerBuilder.push(call.call);
  }
  const headerText = headerBuilder.join('\n            ');
  const embedName = model.embed?.kind === 'url' ? 'embedUrl' : 'embedSnippet';
  const recipientType = e?.key.kind === 'rsa' ? 'RSAPublicKey' : e?.key.kind === 'ec' ? 'ECPublicKey' : 'byte[]';
  const encrypter = e?.key.kind === 'rsa' ? 'new RSAEncrypter(recipient)' : e?.key.kind === 'ec' ? 'new ECDHEncrypter(recipient)' : e?.alg === 'dir' ? 'new DirectEncrypter(recipient)' : 'new AESEncrypter(recipient)';
  const keyFactory = (kind: 'rsa' | 'ec' | string, spec: string): string => `KeyFactory.getInstance(${lit(kind === 'ec' ? 'EC' : 'RSA')}).${spec}`;

  const code = file([
    ...commented('java', '//', headerLines(model, 'java', ready)),
    'import com.nimbusds.jose.*;',
    'import com.nimbusds.jose.crypto.*;',
    secret && 'import com.nimbusds.jose.jwk.JWK;',
    secret && 'import com.nimbusds.jose.jwk.OctetSequenceKey;',
    headerText.includes('new Base64URL(') && 'import com.nimbusds.jose.util.Base64URL;',
    'import com.nimbusds.jwt.JWTClaimsSet;',
    'import com.nimbusds.jwt.SignedJWT;',
    'import java.io.IOException;',
    headerText.includes('URI.create(') && 'import java.net.URI;',
    encodings.has('component') && 'import java.net.URLEncoder;',
    'import java.nio.charset.StandardCharsets;',
    'import java.nio.file.Files;',
    'import java.nio.file.InvalidPathException;',
    'import java.nio.file.Path;',
    'import java.security.*;',
    'import java.security.interfaces.*;',
    'import java.security.spec.*;',
    'import java.time.Instant;',
    'import java.time.temporal.ChronoUnit;',
    'import java.util.*;',
    '',
    'public final class IntegrationToken {',
    ...keyConstants(model, encrypts, (name, value) => `    static final String ${name} = ${value};`, 'java'),
    `    static final long TTL_SECONDS = ${t.ttlSeconds};`,
    '',
    `    /** The ${encrypts ? 'signed token (encrypt it with encryptToken)' : 'token'} for one signed-in user; key is ${secret ? "the shared secret's bytes" : 'the private key'}. */`,
    `    public static String issueToken(${secret ? 'byte[]' : 'PrivateKey'} key${typedParams(model, names, { text: 'String', number: 'long' })}) throws JOSEException {`,
    '        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);',
    note && `        // ${commentText('java', note)}`,
    '        JWTClaimsSet claims = new JWTClaimsSet.Builder()',
    ...model.claims.map((c) => `            .claim(${lit(c.name)}, ${sourceText(c.value, names, SYNTAX)})`),
    t.iat && '            .issueTime(Date.from(now))',
    t.nbf && '            .notBeforeTime(Date.from(now))',
    t.exp && '            .expirationTime(Date.from(now.plusSeconds(TTL_SECONDS)))',
    t.jti && '            .jwtID(UUID.randomUUID().toString())',
    '            .build();',
    `        JWSHeader header = ${headerText}`,
    '            .build();',
    '        SignedJWT jwt = new SignedJWT(header, claims);',
    `        jwt.sign(${signer});`,
    '        return jwt.serialize();',
    '    }',
    ...(encrypts && e
      ? [
          '',
          "    /** The signed token encrypted to the recipient's key, as the profile says. */",
          `    public static String encryptToken(String token, ${recipientType} recipient) throws JOSEException {`,
          `        JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.${JWE_ALG(e.alg)}, EncryptionMethod.${JWE_ENC(e.enc)})`,
          `            .contentType(${lit('JWT')})`,
          e.kid !== undefined && `            .keyID(${lit(e.kid)})`,
          '            .build();',
          '        JWEObject jwe = new JWEObject(header, new Payload(token));',
          `        jwe.encrypt(${encrypter});`,
          '        return jwe.serialize();',
          '    }',
        ]
      : []),
    ...(model.embed
      ? [
          '',
          `    /** The ${model.embed.kind === 'url' ? 'embed URL' : 'snippet'} around a token: the preset's template, each value encoded where it lands. */`,
          `    public static String ${embedName}(String token) {`,
          `        return ${embedExpression(model, { lang: 'java', concat: ' + ', component: (x) => `encodeComponent(${x})`, html: (x) => x /* a token is base64url: nothing in it to escape */, js: (x) => `"\\"" + ${x} + "\\""` })};`,
          '    }',
        ]
      : []),
    ...(encodings.has('component')
      ? [
          '',
          '    /** Percent-encodes all but A-Z a-z 0-9 - _ . ~ (URLEncoder writes a space as + and leaves * as it is). */',
          '    static String encodeComponent(String text) {',
          '        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");',
          '    }',
        ]
      : []),
    '',
    '    /** A JSON object, its members in order: object("name", value, ...). */',
    '    static Map<String, Object> object(Object... membersAndValues) {',
    '        Map<String, Object> map = new LinkedHashMap<>();',
    '        for (int i = 0; i < membersAndValues.length; i += 2) map.put((String) membersAndValues[i], membersAndValues[i + 1]);',
    '        return map;',
    '    }',
    ...(secret
      ? [
          '',
          '    /** A shared secret\'s bytes: the text as UTF-8, or the "k" of an oct JWK (what `jwt-studio keys generate` writes). */',
          '    static byte[] secretBytes(String text) throws java.text.ParseException {',
          '        if (!text.startsWith("{")) return text.getBytes(StandardCharsets.UTF_8);',
          '        JWK jwk;',
          '        try {',
          '            jwk = JWK.parse(text);',
          '        } catch (java.text.ParseException e) {',
          '            jwk = null; // the parser\'s message could quote the text, which is a secret',
          '        }',
          `        if (!(jwk instanceof OctetSequenceKey)) throw new java.text.ParseException(${lit(NOT_A_SECRET_JWK)}, 0);`,
          '        return ((OctetSequenceKey) jwk).toByteArray();',
          '    }',
        ]
      : []),
    '',
    '    /** The DER bytes inside PEM armour. */',
    '    static byte[] pemBytes(String pem) {',
    '        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));',
    '    }',
    '',
    '    /** Reads a key from its text. */',
    '    interface KeyReader<T> {',
    '        T read(String text) throws Exception;',
    '    }',
    '',
    '    /** The key from its environment variable, or from the file another one names, read with reader; exits with one line when there is none. */',
    '    static <T> T readKey(String env, String fileEnv, String message, KeyReader<T> reader) {',
    '        String text = Objects.requireNonNullElse(System.getenv(env), "").strip();',
    '        String source = env;',
    '        String path = System.getenv(fileEnv);',
    '        if (text.isEmpty() && path != null && !path.isEmpty()) {',
    '            source = path;',
    '            try {',
    '                text = Files.readString(Path.of(path)).strip();',
    '            } catch (IOException | InvalidPathException e) {',
    '                fail(fileEnv + " names " + path + ", which cannot be read: " + e);',
    '            }',
    '        }',
    '        if (text.isEmpty()) fail(message);',
    '        try {',
    '            return reader.read(text);',
    '        } catch (Exception e) {',
    '            fail(source + " does not hold a usable key: " + e.getMessage());',
    '            return null;',
    '        }',
    '    }',
    '',
    '    static void fail(String message) {',
    '        System.err.println(message);',
    '        System.exit(2);',
    '    }',
    '',
    '    public static void main(String[] args) throws Exception {',
    `        ${secret ? 'byte[]' : 'PrivateKey'} key = readKey(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind, false, 'java')))}, ${secret ? 'IntegrationToken::secretBytes' : `text -> ${keyFactory(model.key.kind, 'generatePrivate(new PKCS8EncodedKeySpec(pemBytes(text)))')}`});`,
    `        String ${encrypts ? 'signed' : 'token'} = issueToken(key${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')});`,
    ...(encrypts && e
      ? [
          `        ${recipientType} recipient = readKey(RECIPIENT_KEY_ENV, RECIPIENT_KEY_FILE_ENV, ${lit(missingKeyMessage(e.key.env, e.key.fileEnv, keyWords(e.key.kind, true, 'java')))}, ${e.key.kind === 'rsa' || e.key.kind === 'ec' ? `text -> (${recipientType}) ${keyFactory(e.key.kind, 'generatePublic(new X509EncodedKeySpec(pemBytes(text)))')}` : 'text -> Base64.getUrlDecoder().decode(text)'});`,
          '        String token = encryptToken(signed, recipient);',
        ]
      : []),
    '        System.out.println(token);',
    model.embed && `        System.out.println(${embedName}(token));`,
    '    }',
    '}',
  ]);
  return generated(code, ready);
}
