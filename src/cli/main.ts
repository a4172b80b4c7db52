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
};

function warn(line: string): void {
  process.stderr.write(`jwt-studio: ${terminalSafe(line)}\n`);
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
    await out.write(text);
    return EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    await out.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const name = first === 'keys' && second !== undefined && !second.startsWith('-') ? `keys ${second}` : first;
  const rest = argv.slice(name.split(' ').length);
  const load = COMMANDS[name];
  if (!load) {
    if (first === 'keys') {
      if (rest.includes('--help') || rest.includes('-h') || second === undefined || second.startsWith('-')) {
        await out.write(COMMAND_HELP.keys!);
        return second === undefined ? EXIT.usage : EXIT.ok;
      }
      throw new CliError(`no command "keys ${second}"; the keys commands are "keys generate" and "keys public"`, EXIT.usage);
    }
    throw new CliError(`no command "${first}"; run "jwt-studio --help" for the list`, EXIT.usage);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    await out.write(COMMAND_HELP[name]!);
    return EXIT.ok;
  }
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
    process.exitCode = 70;
  },
);
