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
  decode [TOKEN|-]              header, payload, times in words and findings of a token
  verify TOKEN|- --key FILE     exit 0 when the signature and claims are valid, 1 when not
  keys generate --alg ALG --out FILE
                                a new key pair or secret, written with mode 0600
  keys public FILE              the public half as PEM, JWK or JWK Set
  sign PROFILE --key FILE       a token from a *.jwt.yaml profile, on one line
  url PROFILE --key FILE        the profile's embed URL (or --snippet NAME) around a new token
  mint PROFILE --key FILE --count N
                                N tokens, one per line, each with its own times and jti
  check PROFILE|FOLDER…         every problem the editor shows, as path:line:col: severity: message

Run "jwt-studio <command> --help" for a command's options.

Exit codes: 0 done or valid, 1 invalid (a token, signature, claim or profile that
does not pass), 2 bad usage or input that cannot be read, 70 an internal error.
`;

export const COMMAND_HELP: Record<string, string> = {
  decode: `Usage: jwt-studio decode [TOKEN|-] [--json]

Decodes a compact JWS or JWE without checking it: the header, the payload,
exp / nbf / iat in words, and findings (alg none, bidi characters, keys named
in the header…). "-", or no TOKEN with input piped in, reads stdin. A leading
"Bearer " is ignored. Nothing is fetched.

Options:
  --json    one JSON object: header, payload, times, findings
`,
  verify: `Usage: jwt-studio verify TOKEN|- --key FILE [--key FILE…] [options]

Checks a token's signature with the given keys (never with keys the token
names) and its claims: exp, nbf and iat against the clock, iss and aud when
asked. A JWE is decrypted with a key given for it, and the token inside is
verified.

Exit 0 when the signature and the claims are valid, 1 when either is not
(the reason on stderr), 2 for bad usage or input that is not a token.

Options:
  --key FILE|env:NAME    a key to verify with (repeatable)
  --alg ALG              the algorithm of a shared secret (default: the token's HS256/384/512)
  --issuer URL           iss must equal this (repeatable: any of them)
  --audience AUD         aud must hold this (repeatable: any of them)
  --clock-tolerance SECONDS
                         leeway for exp and nbf (default 0)
  --json                 the verdict as JSON on stdout

${KEYS_NOTE}`,
  keys: `Usage: jwt-studio keys generate --alg ALG --out FILE [--kid KID]
       jwt-studio keys public FILE|env:NAME [--format pem|jwk|jwks]

Run "jwt-studio keys generate --help" or "jwt-studio keys public --help".
`,
  'keys generate': `Usage: jwt-studio keys generate --alg ALG --out FILE [options]

Generates a key for one algorithm and writes it to FILE with mode 0600: the
private key as PKCS#8 PEM, or as a JWK when FILE ends in .json; a shared
secret (HS256/384/512) as text, or as an oct JWK in .json. An existing FILE
is never overwritten. Prints the kid and the public key (SPKI PEM) to stdout,
ready to paste into the vendor's settings.

Options:
  --alg ALG        RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA
                   HS256 HS384 HS512, and the JWE key algorithms (RSA-OAEP-256, ECDH-ES…)
  --out FILE       where the private key or secret goes
  --kid KID        the key id (default: the RFC 7638 thumbprint; random for a secret)
  --size BITS      RSA modulus length: 2048 (default), 3072 or 4096
  --json           print {kid, alg, publicKey} as JSON
`,
  'keys public': `Usage: jwt-studio keys public FILE|env:NAME [--format pem|jwk|jwks] [--kid KID]

Prints the public half of a key (PEM, JWK or JWK Set): what a vendor or a
verifier needs. A shared secret has no public half and is refused.

Options:
  --format pem|jwk|jwks    default pem
  --kid KID                the kid of a key that comes without one
  --alg ALG                the algorithm of a key that fits several
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
  check: `Usage: jwt-studio check PROFILE|FOLDER… [--key FILE…] [options]

Reports every problem the editor shows for each profile (a FOLDER is searched
for *.jwt.yaml, skipping node_modules and hidden folders), and for the
workspace's presets, one per line:

  path:line:col: error|warning|info: message

Exit 1 when any is an error. Without --key, a profile's \`key:\` is taken as a
name and not judged (there is no key ring here); with keys, each is checked
as in the editor (type, algorithm, the preset's rules).

Options:
  --key FILE|env:NAME|ID=FILE   keys to judge profiles' keys by (repeatable)
  --workspace DIR               where .vscode/jwt-presets is (default: the current folder)
  --json                        the problems as a JSON array
`,
};
