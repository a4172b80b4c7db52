// Go integration code with github.com/golang-jwt/jwt/v4 (jwt.NewWithClaims
// with MapClaims). The PEM readers are the library's own; a shared secret is
// its text or an oct JWK; it has no JWE. Go refuses unused imports, so each
// import is written only when the code uses it.

import type { Result } from '../base/types';
import { camelCase } from './literals';
import type { CodeModel } from './model';
import { commented, prepare, typedParams, embedExpression, file, generated, headerLines, missingKeyMessage, sourceText, valueLiteral, type GeneratedCode, type ValueSyntax } from './emit';
import { keyWords, NOT_A_SECRET_JWK, type SigningKeyKind } from './support';

const SYNTAX: ValueSyntax = {
  lang: 'go',
  null: 'nil',
  bool: (b) => String(b),
  list: (items) => `[]interface{}{${items.join(', ')}}`,
  map: (entries) => `map[string]interface{}{${entries.map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
};

const PARSE: Record<Exclude<SigningKeyKind, 'secret' | 'ml-dsa'>, string> = { rsa: 'jwt.ParseRSAPrivateKeyFromPEM', ec: 'jwt.ParseECPrivateKeyFromPEM', ed25519: 'jwt.ParseEdPrivateKeyFromPEM' };

export function generateGo(model: CodeModel): Result<GeneratedCode> {
  const ready = prepare(model, 'go', (w) => camelCase(w, true));
  if (!ready.ok) return ready;
  const { lit, names, encodings, secret } = ready;
  const t = model.times;
  const method = `jwt.SigningMethod${model.alg === 'EdDSA' ? 'EdDSA' : model.alg}`;
  const embedName = model.embed?.kind === 'url' ? 'EmbedURL' : 'EmbedSnippet';
  const imports = [
    t.jti && 'crypto/rand',
    secret && 'encoding/base64',
    (secret || encodings.has('js')) && 'encoding/json',
    secret && 'errors',
    'fmt',
    encodings.has('html') && 'html',
    encodings.has('component') && 'net/url',
    'os',
    'strings',
    'time',
  ].filter((i): i is string => typeof i === 'string');
  const headerLinesGo: string[] = [];
  if (model.typ === undefined) headerLinesGo.push('\tdelete(token.Header, "typ")');
  else if (model.typ !== 'JWT') headerLinesGo.push(`\ttoken.Header["typ"] = ${lit(model.typ)}`);
  if (model.kid !== undefined) headerLinesGo.push(`\ttoken.Header["kid"] = ${lit(model.kid)}`);
  for (const h of model.header) headerLinesGo.push(`\ttoken.Header[${lit(h.name)}] = ${sourceText(h.value, names, SYNTAX)}`);

  const code = file([
    ...commented('go', '//', headerLines(model, 'go', ready)),
    'package main',
    '',
    'import (',
    ...imports.map((i) => `\t"${i}"`),
    '',
    '\t"github.com/golang-jwt/jwt/v4"',
    ')',
    '',
    'const (',
    `\tkeyEnv     = ${lit(model.key.env)}`,
    `\tkeyFileEnv = ${lit(model.key.fileEnv)}`,
    `\tttlSeconds = ${t.ttlSeconds}`,
    ')',
    '',
    `// IssueToken signs the token for one signed-in user; key is ${secret ? "the shared secret's bytes" : 'the private key'}.`,
    `func IssueToken(key interface{}${typedParams(model, names, { text: 'string', number: 'int64' }, true)}) (string, error) {`,
    '\tnow := time.Now().Unix()',
    '\tclaims := jwt.MapClaims{',
    ...model.claims.map((c) => `\t\t${lit(c.name)}: ${sourceText(c.value, names, SYNTAX)},`),
    t.iat && `\t\t${lit('iat')}: now,`,
    t.nbf && `\t\t${lit('nbf')}: now,`,
    t.exp && `\t\t${lit('exp')}: now + ttlSeconds,`,
    t.jti && `\t\t${lit('jti')}: newJTI(),`,
    '\t}',
    `\ttoken := jwt.NewWithClaims(${method}, claims)`,
    ...headerLinesGo,
    '\treturn token.SignedString(key)',
    '}',
    ...(t.jti
      ? [
          '',
          '// newJTI is a random (version 4) UUID.',
          'func newJTI() string {',
          '\tb := make([]byte, 16)',
          '\tif _, err := rand.Read(b); err != nil {',
          '\t\tpanic(err)',
          '\t}',
          '\tb[6] = b[6]&0x0f | 0x40',
          '\tb[8] = b[8]&0x3f | 0x80',
          '\treturn fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])',
          '}',
        ]
      : []),
    ...(model.embed
      ? [
          '',
          `// ${embedName} is the ${model.embed.kind === 'url' ? 'embed URL' : 'snippet'} around a token: the preset's template, each value encoded where it lands.`,
          `func ${embedName}(token string) string {`,
          `\treturn ${embedExpression(model, { lang: 'go', concat: ' + ', component: (x) => `encodeComponent(${x})`, html: (x) => `html.EscapeString(${x})`, js: (x) => `jsString(${x})` })}`,
          '}',
        ]
      : []),
    ...(encodings.has('component')
      ? ['', '// encodeComponent percent-encodes all but A-Z a-z 0-9 - _ . ~ (QueryEscape writes a space as +).', 'func encodeComponent(s string) string {', '\treturn strings.ReplaceAll(url.QueryEscape(s), "+", "%20")', '}']
      : []),
    ...(encodings.has('js') ? ['', '// jsString is s as a JSON string.', 'func jsString(s string) string {', '\tb, _ := json.Marshal(s)', '\treturn string(b)', '}'] : []),
    ...(secret
      ? [
          '',
          '// secretBytes is a shared secret\'s bytes: the text itself, or the "k" of an oct JWK (what `jwt-studio keys generate` writes).',
          'func secretBytes(text []byte) ([]byte, error) {',
          '\tif !strings.HasPrefix(string(text), "{") {',
          '\t\treturn text, nil',
          '\t}',
          '\tvar jwk struct {',
          '\t\tKty string `json:"kty"`',
          '\t\tK   string `json:"k"`',
          '\t}',
          '\tif json.Unmarshal(text, &jwk) != nil || jwk.Kty != "oct" || jwk.K == "" {',
          `\t\treturn nil, errors.New(${lit(NOT_A_SECRET_JWK)})`,
          '\t}',
          '\treturn base64.RawURLEncoding.DecodeString(strings.TrimRight(jwk.K, "="))',
          '}',
        ]
      : []),
    '',
    '// readKey is the key text from its environment variable, or from the file another one names; it exits with one line when there is none.',
    'func readKey(env, fileEnv, message string) (text []byte, source string) {',
    '\ttext, source = []byte(strings.TrimSpace(os.Getenv(env))), env',
    '\tif path := os.Getenv(fileEnv); len(text) == 0 && path != "" {',
    '\t\tdata, err := os.ReadFile(path)',
    '\t\tif err != nil {',
    '\t\t\tfail(fileEnv + " names " + path + ", which cannot be read: " + err.Error())',
    '\t\t}',
    '\t\ttext, source = []byte(strings.TrimSpace(string(data))), path',
    '\t}',
    '\tif len(text) == 0 {',
    '\t\tfail(message)',
    '\t}',
    '\treturn text, source',
    '}',
    '',
    'func fail(message string) {',
    '\tfmt.Fprintln(os.Stderr, message)',
    '\tos.Exit(2)',
    '}',
    '',
    'func main() {',
    `\tkeyText, source := readKey(keyEnv, keyFileEnv, ${lit(missingKeyMessage(model.key.env, model.key.fileEnv, keyWords(model.key.kind)))})`,
    `\tkey, err := ${secret ? 'secretBytes' : PARSE[model.key.kind as keyof typeof PARSE]}(keyText)`,
    '\tif err != nil {',
    '\t\tfail(source + " does not hold a usable key: " + err.Error())',
    '\t}',
    `\ttoken, err := IssueToken(key${model.params.map((p) => `, ${valueLiteral(p.example, SYNTAX)}`).join('')})`,
    '\tif err != nil {',
    '\t\tfmt.Fprintln(os.Stderr, err)',
    '\t\tos.Exit(1)',
    '\t}',
    '\tfmt.Println(token)',
    model.embed && `\tfmt.Println(${embedName}(token))`,
    '}',
  ]);
  return generated(code, ready);
}
