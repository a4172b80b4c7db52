// Java integration code with nimbus-jose-jwt (SignedJWT, and JWEObject when
// the profile encrypts). Keys are read with the JDK's KeyFactory from PKCS#8
// (private) and X.509 SubjectPublicKeyInfo (public) PEM. JSON objects are
// LinkedHashMaps (member order kept, null allowed), lists Arrays.asList.

import type { JweEnc, JweKeyAlg, Result } from '../base/types';
import { camelCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, keyConstants, typedParams, embedExpression, file, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords } from './support';

const SYNTAX: ValueSyntax = {
  lang: 'java',
  null: 'null',
  bool: (b) => String(b),
  number: (n) => (Number.isSafeInteger(n) ? (Math.abs(n) > 2_147_483_647 ? `${n}L` : String(n)) : /[.e]/.test(String(n)) ? String(n) : n.toExponential()),
  list: (items) => `Arrays.asList(${items.join(', ')})`,
  map: (entries) => `object(${entries.map(([k, v]) => `${k}, ${v}`).join(', ')})`,
};

const JWE_ALG = (alg: JweKeyAlg): string => alg.replace(/[-+]/g, '_').replace(/^dir$/, 'DIR');
const JWE_ENC = (enc: JweEnc): string => enc.replace(/-/g, '_');

export function generateJava(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'java', (w) => camelCase(w));
  if (!ready.ok) return ready;
  const { lit, note, encrypts, names, encodings, secret } = ready;
  const e = model.encrypt;
  const t = model.times;
  const signer = secret ? 'new MACSigner(key)' : model.key.kind === 'ec' ? 'new ECDSASigner((ECPrivateKey) key)' : 'new RSASSASigner(key)';
  const headerBuilder = [`new JWSHeader.Builder(JWSAlgorithm.${model.alg})`];
  if (model.typ === 'JWT') headerBuilder.push('.type(JOSEObjectType.JWT)');
  else if (model.typ !== undefined) headerBuilder.push(`.type(new JOSEObjectType(${lit(model.typ)}))`);
  if (model.kid !== undefined) headerBuilder.push(`.keyID(${lit(model.kid)})`);
  for (const h of model.header) headerBuilder.push(`.customParam(${lit(h.name)}, ${sourceText(h.value, names, SYNTAX)})`);
  const embedName = model.embed?.kind === 'url' ? 'embedUrl' : 'embedSnippet';
  const recipientType = e?.key.kind === 'rsa' ? 'RSAPublicKey' : e?.key.kind === 'ec' ? 'ECPublicKey' : 'byte[]';
  const encrypter = e?.key.kind === 'rsa' ? 'new RSAEncrypter(recipient)' : e?.key.kind === 'ec' ? 'new ECDHEncrypter(recipient)' : e?.alg === 'dir' ? 'new DirectEncrypter(recipient)' : 'new AESEncrypter(recipient)';

  const code = file([
    ...commented('//', headerLines(model, 'java', note)),
    'import com.nimbusds.jose.*;',
    'import com.nimbusds.jose.crypto.*;',
    'import com.nimbusds.jwt.JWTClaimsSet;',
    'import com.nimbusds.jwt.SignedJWT;',
    encodings.has('component') && 'import java.net.URLEncoder;',
    'import java.nio.charset.StandardCharsets;',
    'import java.nio.file.Files;',
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
    '        JWTClaimsSet claims = new JWTClaimsSet.Builder()',
    ...model.claims.map((c) => `            .claim(${lit(c.name)}, ${sourceText(c.value, names, SYNTAX)})`),
    t.iat && '            .issueTime(Date.from(now))',
    t.nbf && '            .notBeforeTime(Date.from(now))',
    t.exp && '            .expirationTime(Date.from(now.plusSeconds(TTL_SECONDS)))',
    t.jti && '            .jwtID(UUID.randomUUID().toString())',
    '            .build();',
    `        JWSHeader header = ${headerBuilder.join('\n            ')}`,
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
    '',
    '    /** The key text from its environment variable, or from the file another one names; exits when there is neither. */',
    '    static String readKey(String env, String fileEnv, String message) throws java.io.IOException {',
    '        String text = System.getenv(env);',
    '        String path = System.getenv(fileEnv);',
    '        if ((text == null || text.isBlank()) && path != null && !path.isEmpty()) text = Files.readString(Path.of(path));',
    '        if (text == null || text.isBlank()) {',
    '            System.err.println(message);',
    '            System.exit(2);',
    '        }',
    '        return text.strip();',
    '    }',
    '',
    '    /** The DER bytes inside PEM armour. */',
    '    static byte[] pemBytes(String pem) {',
    '        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));',
    '    }',
    '',
    '    public static void main(String[] args) throws Exception {',
    `        String keyText = readKey(KEY_ENV, KEY_FILE_ENV, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))});`,
    secret
      ? '        byte[] key = keyText.getBytes(StandardCharsets.UTF_8);'
      : `        PrivateKey key = KeyFactory.getInstance(${lit(model.key.kind === 'ec' ? 'EC' : 'RSA')}).generatePrivate(new PKCS8EncodedKeySpec(pemBytes(keyText)));`,
    `        String ${encrypts ? 'signed' : 'token'} = issueToken(key${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')});`,
    ...(encrypts && e
      ? [
          `        String recipientText = readKey(RECIPIENT_KEY_ENV, RECIPIENT_KEY_FILE_ENV, ${lit(missingKeyMessage(e.key.env, e.key.fileEnv, keyWords(e.key.kind, true)))});`,
          e.key.kind === 'rsa' || e.key.kind === 'ec'
            ? `        ${recipientType} recipient = (${recipientType}) KeyFactory.getInstance(${lit(e.key.kind === 'ec' ? 'EC' : 'RSA')}).generatePublic(new X509EncodedKeySpec(pemBytes(recipientText)));`
            : '        byte[] recipient = Base64.getUrlDecoder().decode(recipientText);',
          '        String token = encryptToken(signed, recipient);',
        ]
      : []),
    '        System.out.println(token);',
    model.embed && `        System.out.println(${embedName}(token));`,
    '    }',
    '}',
  ]);
  return { ok: true, code, notes: note ? [note] : [] };
}
