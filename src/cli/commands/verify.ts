import type { ExitCode } from '../errors';
import type { CommandIo } from '../main';
export async function runVerify(_io: CommandIo): Promise<ExitCode> { throw new Error('todo'); }
