import type { ExitCode } from '../errors';
import type { CommandIo } from '../main';
export async function runKeysGenerate(_io: CommandIo): Promise<ExitCode> { throw new Error('todo'); }
export async function runKeysPublic(_io: CommandIo): Promise<ExitCode> { throw new Error('todo'); }
