// The languages whose library cannot run here, checked without running the
// token code: Java (nimbus-jose-jwt is not packaged in Debian) is parsed by
// javac, PHP (firebase/php-jwt is not packaged either) by `php -l`, and C#
// (no .NET here) is checked for its shape. Their string literals are proven
// by the languages themselves where the runtime is here (a Java and a PHP
// program made of the literals print the hostile texts back) and, for C#, by
// decoding every literal the code holds with C#'s escape rules. A hostile
// workspace preset's texts stay in comments: the code, as each language's own
// lexer reads it without comments (javac's tree, `php -w`), is that of a
// plain twin preset. The code is made in-process (the command line is proven
// by the other suites).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPresets } from '../../src/core/index';
import { defaultKeyEnv, stringLiteral, type CodeLanguage } from '../../src/core/codegen/codegen';
import { makeKeys } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { generateInProcess } from './codeRun';
import { javaValue } from '../../src/core/codegen/genJava';
import type { JsonValue } from '../../src/core/codegen/model';
import { HOSTILE, HOSTILE_KEY_ID, hostileAcadioProfile, hostileGenericProfile, hostilePreset, hostilePresetProfile, presetProfile } from './codeProfiles';

let keys: KeyFiles;
let work: string;
before(() => {
  keys = makeKeys();
  work = mkdtempSync(join(tmpdir(), 'jwt-studio-static-'));
});
after(() => {
  keys.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const has = (command: string, args: string[]): boolean => spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 }).status === 0;
const run = (command: string, args: string[], cwd: string) => spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 16 * 1024 * 1024 });

/** Every built-in preset's profile, the hostile ones, an encrypted one and edge cases, with what `code` reads each kid from. */
function profiles(): Array<{ name: string; text: string; keyFile?: string; kid?: string; except?: CodeLanguage }> {
  const out: Array<{ name: string; text: string; keyFile?: string; kid?: string; except?: CodeLanguage }> = listPresets().map((p) => ({ name: p.id, text: presetProfile(p.id), ...(p.alg.default.startsWith('HS') ? {} : { keyFile: keys.rsa }) }));
  const tableau = out.find((p) => p.name === 'tableau');
  if (tableau) tableau.kid = 'tableau-secret-id';
  out.push({ name: 'hostile-generic', text: hostileGenericProfile(), keyFile: keys.rsa });
  out.push({ name: 'hostile-acadio', text: hostileAcadioProfile() });
  out.push({ name: 'encrypted', text: 'preset: generic\nkey: k1\nalg: ES256\nencrypt:\n  key: partner\n  alg: RSA-OAEP-256\n  enc: A256GCM\nclaims:\n  sub: user_42\n' });
  // Registered header names (C# refuses x5t: test/unit/codegen.test.ts), [null], a one-item aud, a fixed iat.
  out.push({ name: 'edge', text: 'preset: generic\nkey: k1\nalg: HS256\nregistered:\n  iat: false\nheader:\n  cty: foo\n  x5t: abc\n  "x5t#S256": def\nclaims:\n  sub: u1\n  iat: 1700000000\n  "true": true\n  groups: [null]\n  aud: [api]\n', except: 'csharp' });
  return out;
}

/** The code for each profile in one language, written to its own folder as `file`. */
async function writeAll(lang: CodeLanguage, file: string): Promise<Array<{ name: string; path: string; code: string; notes: string[] }>> {
  return Promise.all(
    profiles().filter((p) => p.except !== lang).map(async (p) => {
      const { code, notes } = await generateInProcess(p.text, lang, { ...(p.keyFile ? { keyFile: p.keyFile } : {}), ...(p.kid ? { kid: p.kid } : {}) });
      const dir = join(work, lang, p.name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, file), code);
      return { name: p.name, path: join(dir, file), code, notes };
    }),
  );
}

/** The hostile preset's code and its plain twin's (same preset but for the name, docs and snippet name; a plain key id naming the same variable), in one language. */
async function twins(lang: CodeLanguage, file: string): Promise<{ hostile: string; plain: string; hostileCode: string; plainCode: string }> {
  const plainKeyId = defaultKeyEnv(HOSTILE_KEY_ID).slice('JWT_STUDIO_KEY_'.length).toLowerCase();
  const out: string[] = [];
  const codes: string[] = [];
  for (const [twin, keyId] of [[false, HOSTILE_KEY_ID], [true, plainKeyId]] as const) {
    const workspace = join(work, `${lang}-${twin ? 'plain' : 'hostile'}`);
    mkdirSync(join(workspace, '.vscode', 'jwt-presets'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'jwt-presets', 'evil.yaml'), hostilePreset(twin));
    const { code } = await generateInProcess(hostilePresetProfile(keyId), lang, { workspace });
    writeFileSync(join(workspace, file), code);
    out.push(join(workspace, file));
    codes.push(code);
  }
  return { hostile: out[0] as string, plain: out[1] as string, hostileCode: codes[0] as string, plainCode: codes[1] as string };
}

/** The shape every generated file has: the key read from its variable, a refusal without it, no key in the code. */
function commonShape(code: string, refusal: RegExp): void {
  assert.match(code, /JWT_STUDIO_KEY_K1"/);
  assert.match(code, /JWT_STUDIO_KEY_K1_FILE"/);
  assert.match(code, refusal);
  assert.match(code, /JWT_STUDIO_KEY_K1 is not set: set it to /);
  assert.doesNotMatch(code, /-----BEGIN [A-Z ]*PRIVATE KEY-----|correct\.horse/);
}

/** A program that parses Java files with javac (nothing is compiled: nimbus-jose-jwt is not here). */
const JAVA_PARSER = `import javax.tools.*;
import com.sun.source.util.JavacTask;
import java.util.List;

public class ParseOnly {
    public static void main(String[] args) throws Exception {
        boolean print = args.length > 0 && args[0].equals("--print");
        String[] files = print ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> found = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(found, null, null)) {
            for (var unit : ((JavacTask) compiler.getTask(null, fm, found, List.of("-proc:none"), null, fm.getJavaFileObjects(files))).parse()) {
                // The tree as javac read it: no comments, every unicode escape already applied.
                if (print) System.out.println(unit.toString() + "\\n=====");
            }
        }
        for (Diagnostic<? extends JavaFileObject> d : found.getDiagnostics()) System.out.println(d);
        System.exit(found.getDiagnostics().isEmpty() ? 0 : 1);
    }
}
`;

/** UTF-16 units as hex, one string per line: what both sides print of the literals. */
const units = (text: string): string => [...Array(text.length).keys()].map((i) => text.charCodeAt(i).toString(16)).join(' ');

describe('code: Java (nimbus-jose-jwt), parsed and its literals run', () => {
  test('javac parses the code of every preset, the hostile profiles and an encrypted one', async (t) => {
    if (!has('java', ['-version'])) return t.skip('no JDK here (apt-get install default-jdk-headless)');
    const files = await writeAll('java', 'IntegrationToken.java');
    for (const f of files) {
      commonShape(f.code, /System\.exit\(2\);/);
      assert.match(f.code, /public final class IntegrationToken \{/);
    }
    assert.match(files.find((f) => f.name === 'encrypted')?.code ?? '', /new JWEHeader\.Builder\(JWEAlgorithm\.RSA_OAEP_256, EncryptionMethod\.A256GCM\)/);
    // Registered header names through nimbus's own builder methods (customParam throws for them); [null] as one item.
    const edge = files.find((f) => f.name === 'edge');
    assert.ok(edge);
    assert.match(edge.code, /^ {12}\.contentType\("foo"\)$/m);
    assert.match(edge.code, /^ {12}\.x509CertThumbprint\(new Base64URL\("abc"\)\)$/m);
    assert.match(edge.code, /^ {12}\.x509CertSHA256Thumbprint\(new Base64URL\("def"\)\)$/m);
    assert.doesNotMatch(edge.code, /customParam/);
    assert.match(edge.code, /\.claim\("groups", Arrays\.asList\(\(Object\) null\)\)/);
    // nimbus writes a one-item aud as text and leaves null claims out: the code and the notes say so.
    const note = 'nimbus-jose-jwt writes an aud list of one text as that text (and an aud that is not text or a list of text not at all): this token\'s claims differ from the profile\'s there.';
    assert.deepEqual(edge.notes, [note]);
    assert.ok(edge.code.includes(`        // ${note}\n`));
    writeFileSync(join(work, 'ParseOnly.java'), JAVA_PARSER);
    const parsed = run('java', ['ParseOnly.java', ...files.map((f) => f.path)], work);
    assert.equal(parsed.status, 0, `${parsed.stdout}${parsed.stderr}`);
  });

  test("a hostile preset's name, docs, snippet name and key id stay in comments: javac reads the code of its plain twin", async (t) => {
    if (!has('java', ['-version'])) return t.skip('no JDK here');
    const { hostile, plain, hostileCode } = await twins('java', 'IntegrationToken.java');
    // Java reads \\u escapes in comments too: the comment holds no backslash at all.
    for (const line of hostileCode.split('\n').filter((l) => l.startsWith('//'))) assert.doesNotMatch(line, /\\/);
    writeFileSync(join(work, 'ParseOnly.java'), JAVA_PARSER);
    const printed = run('java', ['ParseOnly.java', '--print', hostile, plain], work);
    assert.equal(printed.status, 0, `${printed.stdout}${printed.stderr}`);
    const [a, b] = printed.stdout.split('\n=====\n');
    assert.ok((a?.length ?? 0) > 1000);
    assert.equal(a, b);
  });

  test('a Java program made of the list and object literals: [null] is one null, not a null array', async (t) => {
    if (!has('java', ['-version'])) return t.skip('no JDK here');
    const values: JsonValue[] = [[null], [null, null], [[null]], { a: [null] }, [], [1, 'x', true]];
    const { code } = await generateInProcess('preset: generic\nkey: k1\nalg: HS256\nclaims:\n  sub: u\n', 'java');
    const helper = /^ {4}static Map<String, Object> object\(Object\.\.\. membersAndValues\) \{\n[\s\S]*?\n {4}\}$/m.exec(code)?.[0];
    assert.ok(helper);
    const dir = join(work, 'java-values');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Values.java'), `import java.util.*;\n\npublic class Values {\n${helper}\n\n    public static void main(String[] a) {\n${values.map((v) => `        System.out.println(String.valueOf(${javaValue(v)}));\n`).join('')}    }\n}\n`);
    const printed = run('java', ['Values.java'], dir);
    assert.equal(printed.status, 0, printed.stderr);
    assert.equal(printed.stdout, '[null]\n[null, null]\n[[null]]\n{a=[null]}\n[]\n[1, x, true]\n');
  });

  test('a Java program made of the literals prints the hostile texts back', (t) => {
    if (!has('java', ['-version'])) return t.skip('no JDK here');
    const dir = join(work, 'java-literals');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Literals.java'), `public class Literals {\n    public static void main(String[] a) {\n        String[] texts = { ${HOSTILE.map((h) => stringLiteral('java', h)).join(', ')} };\n        for (String s : texts) {\n            StringBuilder b = new StringBuilder();\n            for (int i = 0; i < s.length(); i++) b.append(i == 0 ? "" : " ").append(Integer.toHexString(s.charAt(i)));\n            System.out.println(b);\n        }\n    }\n}\n`);
    const printed = run('java', ['Literals.java'], dir);
    assert.equal(printed.status, 0, printed.stderr);
    assert.equal(printed.stdout, HOSTILE.map((h) => `${units(h)}\n`).join(''));
  });
});

describe('code: PHP (firebase/php-jwt), linted and its literals run', () => {
  test('php -l finds no syntax error in the code of every preset, the hostile profiles and an encrypted one', async (t) => {
    if (!has('php', ['-v'])) return t.skip('php-cli is not installed (apt-get install php-cli; npm run setup)');
    for (const f of await writeAll('php', 'issue_token.php')) {
      commonShape(f.code, /exit\(2\);/);
      const linted = run('php', ['-l', f.path], work);
      assert.equal(linted.status, 0, `${f.name}: ${linted.stdout}${linted.stderr}`);
    }
  });

  test("a hostile preset's name, docs, snippet name and key id stay in comments: php -w (PHP's own lexer, comments out) reads its plain twin", async (t) => {
    if (!has('php', ['-v'])) return t.skip('php-cli is not installed');
    const { hostile, plain, hostileCode } = await twins('php', 'issue_token.php');
    // "?>" would end the PHP code even inside a comment.
    for (const line of hostileCode.split('\n').filter((l) => l.startsWith('//'))) assert.doesNotMatch(line, /\?>/);
    const [a, b] = [hostile, plain].map((f) => run('php', ['-w', f], work));
    assert.equal(a?.status, 0, a?.stderr);
    assert.ok((a?.stdout.length ?? 0) > 1000);
    assert.equal(a?.stdout, b?.stdout);
    assert.equal(run('php', ['-l', hostile], work).status, 0);
  });

  test('a PHP program made of the literals prints the hostile texts back', (t) => {
    if (!has('php', ['-v'])) return t.skip('php-cli is not installed');
    const dir = join(work, 'php-literals');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'literals.php'), `<?php\n$x = 'interpolated';\n$texts = [${HOSTILE.map((h) => stringLiteral('php', h)).join(', ')}];\necho json_encode($texts), "\\n";\n`);
    const printed = run('php', ['literals.php'], dir);
    assert.equal(printed.status, 0, printed.stderr);
    assert.deepEqual(JSON.parse(printed.stdout), HOSTILE);
  });
});

/** The string literals of C# code, decoded with C#'s escapes for regular strings; an unknown escape fails. */
function csharpLiterals(code: string): string[] {
  const out: string[] = [];
  const escapes: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', r: '\r', t: '\t', '0': '\0', b: '\b', f: '\f' };
  for (let i = 0; i < code.length; i++) {
    if (code[i] === '/' && code[i + 1] === '/') {
      i = code.indexOf('\n', i);
      if (i === -1) break;
      continue;
    }
    if (code[i] !== '"') continue;
    let text = '';
    for (i += 1; code[i] !== '"'; i++) {
      assert.ok(i < code.length && code[i] !== '\n', 'a string literal ends on its line');
      if (code[i] !== '\\') {
        text += code[i];
        continue;
      }
      const e = code[i + 1] as string;
      if (e === 'u') {
        assert.match(code.slice(i + 2, i + 6), /^[0-9A-F]{4}$/);
        text += String.fromCharCode(parseInt(code.slice(i + 2, i + 6), 16));
        i += 5;
      } else {
        assert.ok(escapes[e] !== undefined, `known escape \\${e}`);
        text += escapes[e];
        i += 1;
      }
    }
    out.push(text);
  }
  return out;
}

/** C# code without its // comments (the code is printable ASCII, so a comment ends at \\n; strings are kept whole). */
function csharpWithoutComments(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    if (code[i] === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      i = end === -1 ? code.length : end - 1;
      continue;
    }
    out += code[i];
    if (code[i] !== '"') continue;
    for (i += 1; i < code.length && code[i] !== '"'; i++) {
      out += code[i];
      if (code[i] === '\\') out += code[++i];
    }
    out += code[i] ?? '';
  }
  return out;
}

describe('code: C# (Microsoft.IdentityModel.JsonWebTokens), checked for its shape', () => {
  test("a hostile preset's name, docs, snippet name and key id stay in comments: without them the code is its plain twin's", async () => {
    const { hostileCode, plainCode } = await twins('csharp', 'IntegrationToken.cs');
    assert.notEqual(hostileCode, plainCode);
    assert.equal(csharpWithoutComments(hostileCode), csharpWithoutComments(plainCode));
    assert.ok(csharpWithoutComments(hostileCode).length > 1000);
  });

  test('every file has the key refusal, balanced braces and only well-formed literals; the hostile texts are its literals', async () => {
    const files = await writeAll('csharp', 'IntegrationToken.cs');
    for (const f of files) {
      commonShape(f.code, /Environment\.Exit\(2\);/);
      assert.match(f.code, /new JsonWebTokenHandler \{ SetDefaultTimesOnTokenCreation = false \}\.CreateToken\(descriptor\)/);
      const literals = csharpLiterals(f.code);
      const outside = f.code.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/\/\/.*$/gm, '');
      for (const [open, close] of [['{', '}'], ['(', ')'], ['[', ']']] as const) assert.equal(outside.split(open).length, outside.split(close).length, `${f.name}: ${open}${close} balanced`);
      assert.ok(literals.length > 5);
    }
    const hostile = csharpLiterals(files.find((f) => f.name === 'hostile-generic')?.code ?? '');
    for (const h of HOSTILE) assert.ok(hostile.includes(h), `the C# code holds ${JSON.stringify(h)} as a literal`);
    // The encrypted profile asks for A256GCM, which Microsoft.IdentityModel does not encrypt with: it signs only and says so.
    assert.match(files.find((f) => f.name === 'encrypted')?.code ?? '', /^\/\/ Microsoft\.IdentityModel\.JsonWebTokens does not encrypt with RSA-OAEP-256 and A256GCM here/m);
  });
});
