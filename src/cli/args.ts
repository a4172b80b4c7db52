// Argument parsing for every command: node:util's parseArgs with strict
// options, and one usage error (exit 2) that names the command's help.

import { parseArgs } from 'node:util';
import { usage } from './errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** Parses `argv` for `command`; unknown options, missing values and extra arguments are usage errors. */
export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpecs, positionals: { min: number; max: number }): Parsed {
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as Parsed;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '') : 'bad arguments';
    throw usage(command, message.replace(/^Unknown option/, 'unknown option').replace(/^Option/, 'option'));
  }
  if (parsed.values.help) return parsed;
  const count = parsed.positionals.length;
  if (count < positionals.min) throw usage(command, positionals.min === 1 ? 'one argument is missing' : `at least ${positionals.min} arguments are needed`);
  if (count > positionals.max) throw usage(command, `unexpected argument "${parsed.positionals[positionals.max]}"`);
  return parsed;
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function stringList(parsed: Parsed, name: string): string[] {
  const value = parsed.values[name];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

export function flag(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}
