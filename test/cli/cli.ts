// Runs the built command line (dist/cli/jwt-studio.mjs, from `npm run build`)
// as a child process, the way a script or CI step would.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/cli/jwt-studio.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Text for stdin; 'closed' closes it at once; undefined leaves it an empty pipe that is ended. */
  stdin?: string | 'closed';
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Kill after this many ms (default 30 s): a hang fails the test instead of the run. */
  timeoutMs?: number;
}

/** Runs `jwt-studio ...args`; resolves with exit code and output (never rejects on a non-zero exit). */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? process.cwd(), env, stdio: [options.stdin === 'closed' ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(typeof options.stdin === 'string' ? options.stdin : '');
    }
  });
}

/** A fresh temporary folder for one test, removed by the returned function. */
export function tempFolder(prefix = 'jwt-studio-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
