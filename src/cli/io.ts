// Reading what a command is given (files, stdin, environment variables) with a
// size cap and an error that names the file, and writing output: stdout with
// back-pressure, and files through a temporary file so nothing is half-written.

import { closeSync, constants, fstatSync, linkSync, openSync, readSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CliError, EXIT } from './errors';

/** A path as messages show it: relative to the current folder when it is below it. */
export function shownPath(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** The largest file or stdin a command reads (a profile, a key, a token, a preset). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

function describeFsError(error: unknown, path: string, doing: string): CliError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new CliError(`${path}: no such file; check the path`, EXIT.usage);
    case 'EACCES':
    case 'EPERM':
      return new CliError(`${path}: permission denied while ${doing}; check the file's permissions`, EXIT.usage);
    case 'EISDIR':
      return new CliError(`${path} is a folder, not a file`, EXIT.usage);
    case 'EEXIST':
      return new CliError(`${path} already exists and was left as it is; choose another file or remove it first`, EXIT.usage);
    case 'ENOSPC':
      return new CliError(`no space left while ${doing} ${path}; nothing was written`, EXIT.usage);
    default:
      return new CliError(`${path} could not be ${doing === 'reading' ? 'read' : 'written'} (${code ?? 'unknown error'})`, EXIT.usage);
  }
}

/** Reads at most `max` bytes from a descriptor; throws CliError naming `what` when there is more. */
function readAll(fd: number, what: string, max: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A non-blocking stdin (a terminal or pipe set so by a parent) says EAGAIN: wait and read again.
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    total += n;
    if (total > max) throw new CliError(`${what} is over ${Math.round(max / 1024 / 1024)} MB; that is not a token, key or profile`, EXIT.usage);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CliError(`${what} is not UTF-8 text; a key, token or profile is text (save it as UTF-8)`, EXIT.usage);
  }
}

/** A text file, at most MAX_INPUT_BYTES, as UTF-8 (a leading BOM dropped). */
export function readTextFile(path: string, max = MAX_INPUT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw describeFsError(error, path, 'reading');
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new CliError(`${path} is a folder, not a file`, EXIT.usage);
    if (stat.isFile() && stat.size > max) throw new CliError(`${path} is ${(stat.size / 1024 / 1024).toFixed(1)} MB; that is not a token, key or profile (at most ${Math.round(max / 1024 / 1024)} MB)`, EXIT.usage);
    return decodeUtf8(readAll(fd, path, max), path);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw describeFsError(error, path, 'reading');
  } finally {
    closeSync(fd);
  }
}

/** All of stdin as UTF-8 text; a CliError when stdin is a terminal (nothing piped) or closed. */
export function readStdin(what: string, max = MAX_INPUT_BYTES): string {
  if (process.stdin.isTTY) throw new CliError(`reading ${what} from stdin, but nothing was piped in; pipe it (… | jwt-studio …) or pass it as an argument`, EXIT.usage);
  let bytes: Buffer;
  try {
    bytes = readAll(0, 'stdin', max);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // A closed descriptor 0 (`<&-`) reads as EBADF.
    if (code === 'EBADF' || code === 'ENXIO') throw new CliError(`stdin is closed; pipe ${what} in or pass it as an argument`, EXIT.usage);
    throw new CliError(`stdin could not be read (${code ?? 'unknown error'})`, EXIT.usage);
  }
  return decodeUtf8(bytes, 'stdin');
}

/** The value of an environment variable that holds key text; a CliError when it is unset or empty. */
export function readEnv(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw new CliError(`"env:${name}" does not name an environment variable (letters, digits and _)`, EXIT.usage);
  const value = process.env[name];
  if (value === undefined || value === '') throw new CliError(`environment variable ${name} is not set or empty; export it before running jwt-studio`, EXIT.usage);
  if (Buffer.byteLength(value) > MAX_INPUT_BYTES) throw new CliError(`environment variable ${name} is over 4 MB; that is not a key`, EXIT.usage);
  return value;
}

/**
 * Writes `data` to `path` only when no file is there: into a temporary file beside it (mode `mode`),
 * flushed, then linked into place (which fails when the path exists, so nothing is ever overwritten).
 * On any failure nothing is left behind.
 */
export function writeNewFile(path: string, data: string | Uint8Array, mode = 0o600): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    linkSync(temporary, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    throw describeFsError(error, (error as NodeJS.ErrnoException).path === temporary ? dirname(path) : path, 'writing');
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Not created.
    }
  }
}

/** Output to stdout that waits when the pipe is full and ends quietly when the reader has gone (`| head`). */
export class Output {
  private closed = false;
  /** A write that failed other than by the reader leaving (a full disk…): said once, as a CliError. */
  private failure: string | undefined;

  constructor(private readonly stream: NodeJS.WriteStream = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      if (error.code !== 'EPIPE') this.failure ??= error.code ?? 'unknown error';
    });
  }

  /** The reader has gone (or the output failed): stop producing. */
  get gone(): boolean {
    return this.closed;
  }

  private checkFailure(): void {
    if (this.failure === undefined) return;
    const code = this.failure;
    this.failure = undefined;
    throw new CliError(`the output could not be written (${code}); what was written is incomplete`, EXIT.usage);
  }

  /** Writes `text` as it is (callers make it terminal-safe); resolves when the stream can take more. */
  async write(text: string): Promise<void> {
    this.checkFailure();
    if (this.closed) return;
    if (!this.stream.write(text)) await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.once('drain', done);
      this.stream.once('close', done);
    });
  }

  /** Resolves once everything written has been handed to the operating system. */
  async end(): Promise<void> {
    if (!this.closed) await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
    this.checkFailure();
  }
}
