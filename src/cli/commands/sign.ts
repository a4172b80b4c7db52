import type { ExitCode } from '../errors';
import type { CommandIo } from '../main';
export async function runSign(_io: CommandIo): Promise<ExitCode> { throw new Error('todo'); }
export async function runUrl(_io: CommandIo): Promise<ExitCode> { throw new Error('todo'); }
export async function runMint(_io: CommandIo): Promise<ExitCode> { throw new Error('todo'); }
