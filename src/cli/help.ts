// The help of every command, kept apart from the commands so `--help` loads
// nothing else.

declare const JWT_STUDIO_VERSION: string | undefined;

export const VERSION = typeof JWT_STUDIO_VERSION === 'string' ? JWT_STUDIO_VERSION : '0.0.0-dev';

const KEYS_NOTE = `Keys come from a file (PEM, JWK, JWK Set, or a file holding a shared secret)
or from an environment variable (--key env:NAME), never from the command
line itself. --key ID=FILE says which of a profile's keys a file is (the
profile's \`key:\` or \`encrypt.key\`); a single --key FILE is the profile's
signing key. A key's kid comes from its JWK, else --kid, else the
profile's header.kid, else its RFC 7638 thumbprint (a random one for a
shared secret).
`;

export const MAIN_HELP = `jwt-studio ${VERSION}: JSON Web Tokens from the same profiles and presets as JWT Studio for VS Code

Usage: jwt-studio <command> [options]

Commands:
  decode TOKEN|-                header, payload, times in words and findings of a token
  verify TOKEN|- --key FILE     exit 0 when the signature and claims are valid, 1 when not
  keys generate --alg ALG --out FILE
                                a new key pair or secret, written with mode 0600
  keys public FILE              the public half as PEM, JWK or JWK Set
  sign PROFILE --key FILE       a token from a *.jwt.yaml profile, on one line
  url PROFILE --key FILE        the profile's embed URL (or --snippet NAME) around a new token
  mint PROFILE --key FILE --count N
                                N tokens, one per line, each with its own times and jti
  check PROFILE|FOLDER…         every problem the editor shows, as path:line:col: severity: message
  code PROFILE --lang LANG      integration code for a backend: a function that signs the
                                profile's token, and a runnable example

Run "jwt-studio <command> --help" for a command's options.

Exit codes: 0 done or valid, 1 invalid (a token, signature, claim or profile that
does not pass), 2 bad usage or input that cannot be read, 70 an internal error.
`;

export const COMMAND_HELP: Record<string, string> = {
  decode: `Usage: jwt-studio decode TOKEN|- [--json]

Decodes a compact JWS or JWE without checking it: the header, the payload,
exp / nbf / iat in words, and findings (alg none, bidi characters, keys named
in the header…). "-" reads the token from stdin. A leading
"Bearer " is ignored. Nothing is fetched. Numbers are shown as written, and
bidi, invisible and control characters as \\uXXXX escapes.

Options:
  --json    one JSON object: kind, summary, header, payloadType, payload,
            times, findings, signatureBytes. The header and payload keep the
            token's numbers as written (big integers keep their digits).
            payloadType says what "payload" holds: json (the value), text or
            unencoded (a string), deep-json (null; payloadText holds the
            JSON text), binary (null; payloadHex), detached, omitted (null;
            payloadBytes) or encrypted (a JWE: null).

Exit codes: 0 decoded, 2 not a token (or over 1 MiB), or no input.
`,
  verify: `Usage: jwt-studio verify TOKEN|- --key FILE [--key FILE…] [options]

Checks a token's signature with the given keys (never with keys the token
names: jku, x5u, jwk and x5c are ignored) and its claims: exp, nbf and iat
against the clock, iss and aud when asked. A key is chosen by the token's
kid, else by its algorithm; a key is only ever used with its own algorithm,
and a public or private key is never used as an HMAC secret. A JWE is
decrypted with a key given for it, and the token inside is verified with
the signing keys given: the verdict rests on that inner signature. An
SD-JWT presentation (RFC 9901) is valid when its issuer signature and claims
are, every disclosure is in place, and its key-binding JWT, if any, verifies.

Prints one line on stdout when valid ("valid: signature by key … ; claims
checked: expires in 4 min"), else the reason on stderr. A payload that is
not a JWT claims set has no claims to check: it passes unless --issuer or
--audience is asked for.

Exit 0 when the signature and the claims are valid, 1 when either is not
(a bad signature, no key that fits, expired, wrong iss or aud, an unsigned
alg none token), 2 for bad usage, a key that cannot be read, or input that
is not a token.

Options:
  --key FILE|env:NAME    a key to verify (or decrypt) with: PEM, JWK, JWK Set
                         or a file holding a shared secret (repeatable)
  --alg ALG              the signature algorithm to expect; a token with another
                         is invalid (default: the token's own, which is how a
                         shared secret gets HS384 or HS512)
  --issuer URL           iss must equal this (repeatable: any of them)
  --audience AUD         aud must hold this (repeatable: any of them)
  --clock-tolerance SECONDS
                         leeway for exp, nbf and iat (default 0, at most 86400)
  --json                 the verdict as JSON on stdout (the reason still on stderr)

Keys come from files or environment variables (--key env:NAME), never from
the command line itself (it ends up in shell history). A shared secret is
used as its UTF-8 text, as jsonwebtoken and PyJWT use a string secret.
`,
  keys: `Usage: jwt-studio keys generate --alg ALG --out FILE [--kid KID] [--size BITS] [--crv CRV] [--json]
       jwt-studio keys public FILE|env:NAME [--format pem|jwk|jwks] [--kid KID] [--alg ALG]

Run "jwt-studio keys generate --help" or "jwt-studio keys public --help".
`,
  'keys generate': `Usage: jwt-studio keys generate --alg ALG --out FILE [options]

Generates a key for exactly one algorithm and writes it to FILE with mode
0600, through a temporary file (nothing half-written); an existing FILE is
never overwritten.

  key pair        the private key as PKCS#8 PEM, or as a JWK when FILE ends
                  in .json. Prints the kid and the public key (SPKI PEM),
                  ready to paste into the vendor's settings.
  shared secret   (HS256/384/512, PBES2) random letters and digits, one line
                  of text: the text itself is the secret, as "--key FILE",
                  jsonwebtoken and PyJWT read it (43 characters for 256 bits).
                  Or an oct JWK when FILE ends in .json, which AES key wrap
                  (A128KW…) and dir keys always need. Nothing public is
                  printed: share a secret only over a secure channel.

A PEM or text file holds no kid and no algorithm: the kid of a PEM read back
is its thumbprint (the one printed here); a .json JWK keeps both.

Options:
  --alg ALG        signing: RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384
                   ES512 EdDSA HS256 HS384 HS512; encryption: RSA-OAEP
                   RSA-OAEP-256 RSA-OAEP-384 RSA-OAEP-512 ECDH-ES
                   ECDH-ES+A128KW/A192KW/A256KW A128KW A192KW A256KW
                   A128GCMKW A192GCMKW A256GCMKW dir PBES2-HS256+A128KW…
  --out FILE       where the private key or secret goes (.json: as a JWK)
  --kid KID        the key id (default: the RFC 7638 thumbprint of the public
                   key; a secret's is random, never a hash of the secret)
  --size BITS      RSA modulus: 2048 (default), 3072 or 4096; a shared
                   secret's random bits (default: the algorithm's size; dir:
                   128, 192, 256, 384 or 512, to match the enc)
  --crv CRV        ECDH-ES keys: P-256 (default), P-384, P-521 or X25519
  --json           {kid, alg, file, format, publicKey} as JSON
`,
  'keys public': `Usage: jwt-studio keys public FILE|env:NAME [--format pem|jwk|jwks] [--kid KID] [--alg ALG]

Prints the public half of a key (a PEM, JWK or JWK Set, private or public):
what a vendor or a verifier needs. A JWK Set gives every key in it (PEM
blocks one after another, or a JWK Set). A shared secret has no public half
and is refused.

Options:
  --format pem|jwk|jwks    default pem; jwk takes a source with one key
  --kid KID                the kid of a key that comes without one (default:
                           its RFC 7638 thumbprint)
  --alg ALG                the algorithm of a key that fits several (an RSA
                           PEM is RS256 unless told PS256, RSA-OAEP-256…)
`,
  sign: `Usage: jwt-studio sign PROFILE --key FILE [options]

Signs a token from a *.jwt.yaml profile with the profile's preset rules
(registered claims, lifetime, header) and prints it on one line; encrypts it
when the profile says \`encrypt\` (give the recipient's public key as
--key ID=FILE, ID being the profile's encrypt.key). A profile with problems
is refused with the first one (run "jwt-studio check" for all of them).

Exit 0 with the token; 1 when the profile does not pass with the keys given
(an error in it, a key that does not fit the preset, a lifetime over the
vendor's maximum); 2 for bad usage, or a file, key or variable that cannot
be read or used (a public key cannot sign).

Options:
  --key FILE|env:NAME|ID=FILE   the signing key, and the encryption key when the profile encrypts
  --kid KID                     the kid of a key that comes without one
  --workspace DIR               where .vscode/jwt-presets is (default: the current folder)
  --json                        {token, header, claims, encrypted} as JSON

Example:
  jwt-studio sign profiles/metabase.jwt.yaml --key env:METABASE_SECRET

${KEYS_NOTE}`,
  url: `Usage: jwt-studio url PROFILE --key FILE [--snippet NAME] [options]

Prints the preset's embed URL (or a named snippet) around a newly signed
token, each value encoded for where it lands. When the preset comes from the
workspace's .vscode/jwt-presets, stderr says which file (the address then
comes from that file); a token sent over plain http:// is warned about.
Exit codes as for sign.

Options:
  --snippet NAME                one of the preset's snippets instead of the URL
  --key FILE|env:NAME|ID=FILE   as for sign
  --kid KID                     as for sign
  --workspace DIR               as for sign

Example:
  jwt-studio url profiles/grafana.jwt.yaml --key keys/grafana.pem --snippet iframe
`,
  mint: `Usage: jwt-studio mint PROFILE --key FILE --count N [options]

Prints N tokens from the profile, one per line, each with its own iat / exp /
nbf (when the preset adds them) and its own jti (when it adds one): fixtures
for tests, and tokens for load tests. Output stops quietly when the reader
goes away (| head). Exit codes as for sign.

Options:
  --count N                     how many (1 to 10,000,000)
  --key FILE|env:NAME|ID=FILE   as for sign
  --kid KID                     as for sign
  --workspace DIR               as for sign

Example:
  jwt-studio mint load/api.jwt.yaml --key keys/api.pem --count 10000 > tokens.txt
`,
  code: `Usage: jwt-studio code PROFILE --lang LANG [--key FILE] [--key-env NAME] [options]

Prints integration code for a backend: a small function that signs the
profile's token (the same algorithm, header, claims and lifetime as "sign"),
builds the embed URL when the preset has one, and a runnable example. The
claims that come from the signed-in user (their id, email, names) are the
function's parameters, with the profile's values as the example's
arguments; iat, nbf, exp and jti are computed when the code runs.

The code reads the key from an environment variable (JWT_STUDIO_KEY_ and the
profile's key id in capitals, or --key-env NAME), or from the file that
NAME_FILE names, and refuses to run without one. A private key is PEM; a
shared secret is its text or an oct JWK (as "keys generate" writes it). No key
is ever written into the code. --key is read only for the key's kid and
algorithm (a public key is enough); without it the kid is --kid, else the
profile's header.kid.

LANG    library
  node                jose (signs and encrypts)
  node-jsonwebtoken   jsonwebtoken
  python              PyJWT
  go                  github.com/golang-jwt/jwt/v4
  java                nimbus-jose-jwt (signs and encrypts)
  csharp              Microsoft.IdentityModel.JsonWebTokens (signs; encrypts
                      with RSA-OAEP, A128KW, A256KW and CBC-HMAC)
  php                 firebase/php-jwt
  ruby                ruby-jwt

A library without JWE signs but does not encrypt: the code says so in a
comment and stderr says so in a warning.

Exit 0 with the code on stdout; 1 when the profile does not pass (an error in
it, a preset that needs a kid none gives, a header or claim the language's
library cannot write as the profile says); 2 for bad usage, an unknown
language, an algorithm the language's library cannot sign, or a key file that
cannot be read; 70 when the code could not be made (use "jwt-studio url").

Options:
  --lang LANG                   the language and library (above)
  --key FILE|env:NAME|ID=FILE   a key of the profile, read for its kid and algorithm
  --kid KID                     the kid, when no key gives one
  --key-env NAME                the signing key's environment variable
  --workspace DIR               where .vscode/jwt-presets is (default: the current folder)

Example:
  jwt-studio code profiles/activepieces.jwt.yaml --lang python --key keys/ap.pub.pem > issue_token.py
  JWT_STUDIO_KEY_AP_PROD_FILE=keys/ap.pem python3 issue_token.py
`,
  check: `Usage: jwt-studio check PROFILE|FOLDER… [--key FILE…] [options]

Reports every problem the editor shows for each profile, and for the
workspace's preset files (.vscode/jwt-presets/*.yaml), one per line, sorted
by file and position:

  path:line:col: error|warning|info: message

line and col are where the editor puts the squiggle (1-based; col counts
UTF-16 code units, as editors do). Hints, which the editor shows only as
dots under the text, are left out. A summary goes to stderr. A FILE is
checked whatever its name; a FOLDER is searched for *.jwt.yaml, skipping
node_modules and hidden folders (.git, .vscode…) and following no symbolic
link, up to 10,000 profiles 32 folders deep. A file that cannot be read is
reported as an error of that file, and the others are still checked.

Without --key, a profile's \`key:\` is taken as a name and not judged (there
is no key ring here); with keys, each is checked as in the editor (type,
algorithm, the preset's rules). --key ID=FILE is the key of every profile
whose \`key:\` (or \`encrypt.key\`) is ID; a single --key FILE is the signing
key of every profile checked. A profile whose key was not given is checked
as without --key.

Exit 0 when no problem is an error, 1 when one is, 2 for bad usage (no
argument, a path that does not exist, a folder with no profile, a key file
that cannot be read).

Options:
  --key FILE|env:NAME|ID=FILE   keys to judge profiles' keys by (repeatable)
  --workspace DIR               where .vscode/jwt-presets is (default: the current folder)
  --json                        a JSON array of {path, line, column, endLine,
                                endColumn, severity, code, message}
`,
};
