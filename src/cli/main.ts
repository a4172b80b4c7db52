// `jwt-studio`: the command line over the same core and presets as the editor.
// This entry stays small: it finds the command, prints help, and loads the
// command's module (and with it the parts of the core it needs) on demand, so
// `decode` starts without the profile, schema and YAML code.

import { CliError, EXIT, type ExitCode } from './errors';
import { COMMAND_HELP, MAIN_HELP, VERSION } from './help';
import { Output } from './io';
import { terminalSafe } from './terminal';

/** What every command gets: its arguments (after the command's name) and where to write. */
export interface CommandIo {
  argv: string[];
  out: Output;
  /** One line to stderr, made safe for a terminal. */
  warn: (line: string) => void;
}

export type CommandRun = (io: CommandIo) => Promise<ExitCode>;

const COMMANDS: Record<string, () => Promise<CommandRun>> = {
  decode: async () => (await import('./commands/decode')).runDecode,
  verify: async () => (await import('./commands/verify')).runVerify,
  'keys generate': async () => (await import('./commands/keys')).runKeysGenerate,
  'keys public': async () => (await import('./commands/keys')).runKeysPublic,
  sign: async () => (await import('./commands/sign')).runSign,
  url: async () => (await import('./commands/sign')).runUrl,
  mint: async () => (await import('./commands/sign')).runMint,
  check: async () => (await import('./commands/check')).runCheck,
  code: async () => (await import('./commands/code')).runCode,
};

function warn(line: string): void {
  process.stderr.write(`jwt-studio: ${terminalSafe(line)}\n`);
}

/** Writes help or the version, and says so when it could not be written (a full disk): exit 2, not 0. */
async function written(out: Output, text: string): Promise<ExitCode> {
  await out.write(text);
  await out.end();
  return EXIT.ok;
}

async function main(argv: string[]): Promise<ExitCode> {
  const out = new Output();
  const [first, second] = argv;
  if (first === undefined) {
    process.stderr.write(MAIN_HELP);
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? [second, argv[2]].filter(Boolean).join(' ') : '';
    const text = topic ? COMMAND_HELP[topic] ?? COMMAND_HELP[second ?? ''] : MAIN_HELP;
    if (!text) throw new CliError(`no command "${topic}"; run "jwt-studio --help" for the list`, EXIT.usage);
    return written(out, text);
  }
  if (first === '--version' || first === '-V') return written(out, `${VERSION}\n`);
  const name = first === 'keys' && second !== undefined && !second.startsWith('-') ? `keys ${second}` : first;
  const rest = argv.slice(name.split(' ').length);
  const load = COMMANDS[name];
  if (!load) {
    if (first === 'keys') {
      if (second === '--help' || second === '-h') return written(out, COMMAND_HELP.keys!);
      if (second === undefined) {
        process.stderr.write(COMMAND_HELP.keys!);
        return EXIT.usage;
      }
      throw new CliError(`no command "keys ${second.slice(0, 40)}"; the keys commands are "keys generate" and "keys public"`, EXIT.usage);
    }
    throw new CliError(`no command "${first.slice(0, 40)}"; run "jwt-studio --help" for the list`, EXIT.usage);
  }
  if (rest.includes('--help') || rest.includes('-h')) return written(out, COMMAND_HELP[name]!);
  const run = await load();
  const code = await run({ argv: rest, out, warn });
  await out.end();
  return code;
}

const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(`jwt-studio: needs Node 20 or later; this is Node ${process.versions.node}. Install a newer Node (https://nodejs.org).\n`);
  process.exit(EXIT.usage);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      warn(error.message);
      process.exitCode = error.exitCode;
      return;
    }
    // Not a failure we foresaw: say so without a stack trace (which could hold values from the input).
    warn(`internal error (${error instanceof Error ? error.name : 'unknown'}); please report it with the command you ran, without keys or tokens`);
    if (process.env.JWT_STUDIO_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = EXIT.internal;
  },
);
