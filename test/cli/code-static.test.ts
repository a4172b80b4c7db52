// The languages whose library cannot run here, checked without running the
// token code: Java (nimbus-jose-jwt is not packaged in Debian) is parsed by
// javac, PHP (firebase/php-jwt is not packaged either) by `php -l`, and C#
// (no .NET here) is checked for its shape. Their string literals are proven
// by the languages themselves where the runtime is here (a Java and a PHP
// program made of the literals print the hostile texts back) and, for C#, by
// decoding every literal the code holds with C#'s escape rules.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPresets } from '../../src/core/index';
import { stringLiteral } from '../../src/core/codegen/codegen';
import { makeKeys, writeProfile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { generate } from './codeRun';
import { HOSTILE, hostileAcadioProfile, hostileGenericProfile, presetProfile } from './codeProfiles';

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

/** Every built-in preset's profile, the hostile ones, and an encrypted one, with the key `code` reads each kid from. */
function profiles(): Array<{ name: string; path: string; args: string[] }> {
  const out = listPresets().map((p) => ({ name: p.id, path: writeProfile(keys.dir, `${p.id}.jwt.yaml`, presetProfile(p.id)), args: p.alg.default.startsWith('HS') ? [] : ['--key', keys.rsa] }));
  out.find((p) => p.name === 'tableau')?.args.push('--kid', 'tableau-secret-id');
  out.push({ name: 'hostile-generic', path: writeProfile(keys.dir, 'hostile-generic.jwt.yaml', hostileGenericProfile()), args: ['--key', keys.rsa] });
  out.push({ name: 'hostile-acadio', path: writeProfile(keys.dir, 'hostile-acadio.jwt.yaml', hostileAcadioProfile()), args: [] });
  const encrypted = 'preset: generic\nkey: k1\nalg: ES256\nencrypt:\n  key: partner\n  alg: RSA-OAEP-256\n  enc: A256GCM\nclaims:\n  sub: user_42\n';
  out.push({ name: 'encrypted', path: writeProfile(keys.dir, 'encrypted.jwt.yaml', encrypted), args: ['--key', `k1=${keys.ec}`] });
  return out;
}

/** The code for each profile in one language, written to its own folder as `file`. */
async function writeAll(lang: string, file: string): Promise<Array<{ name: string; path: string; code: string }>> {
  const out = [];
  for (const p of profiles()) {
    const { code } = await generate(p.path, lang, p.args, keys.dir);
    const dir = join(work, lang, p.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), code);
    out.push({ name: p.name, path: join(dir, file), code });
  }
  return out;
}

/** The shape every generated file has: the key read from its variable, a refusal without it, no key in the code. */
function commonShape(code: string, refusal: RegExp): void {
  assert.match(code, /JWT_STUDIO_KEY_K1"/);
  assert.match(code, /JWT_STUDIO_KEY_K1_FILE"/);
  assert.match(code, refusal);
  assert.match(code, /JWT_STUDIO_KEY_K1 is not set: set it to /);
  assert.doesNotMatch(code, /BEGIN [A-Z ]*PRIVATE KEY|correct\.horse/);
}

/** A program that parses Java files with javac (nothing is compiled: nimbus-jose-jwt is not here). */
const JAVA_PARSER = `import javax.tools.*;
import com.sun.source.util.JavacTask;
import java.util.List;

public class ParseOnly {
    public static void main(String[] files) throws Exception {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> found = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(found, null, null)) {
            ((JavacTask) compiler.getTask(null, fm, found, List.of("-proc:none"), null, fm.getJavaFileObjects(files))).parse();
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
    writeFileSync(join(work, 'ParseOnly.java'), JAVA_PARSER);
    const parsed = run('java', ['ParseOnly.java', ...files.map((f) => f.path)], work);
    assert.equal(parsed.status, 0, `${parsed.stdout}${parsed.stderr}`);
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

describe('code: C# (Microsoft.IdentityModel.JsonWebTokens), checked for its shape', () => {
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
    assert.match(files.find((f) => f.name === 'encrypted')?.code ?? '', /^\/\/ Not encrypted: Microsoft\.IdentityModel\.JsonWebTokens does not encrypt with RSA-OAEP-256 and A256GCM here/m);
  });
});
