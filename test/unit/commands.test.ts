// The one command table (src/commands/table.ts), the ids (src/commands/ids.ts) and package.json agree:
// every contributed command is registered, and every registered command is contributed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Commands } from '../../src/commands/ids';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command?: string }[]> };
};
const contributed = manifest.contributes.commands.map((c) => c.command).sort();
const ids = Object.values(Commands).sort();

test('the command ids are exactly the commands package.json contributes', () => {
  assert.deepEqual(ids, contributed);
  assert.equal(new Set(ids).size, ids.length, 'an id is listed twice');
});

test('the command table registers every id, once', () => {
  // The table is typed Record<CommandId, …>, so the compiler already refuses a missing or unknown id;
  // this reads its keys from the source so a test fails too (the table imports vscode, so it is not run here).
  const source = readFileSync(new URL('../../src/commands/table.ts', import.meta.url), 'utf8');
  const keys = [...source.matchAll(/^\s*\[Commands\.(\w+)\]:/gm)].map((m) => m[1] as keyof typeof Commands);
  assert.deepEqual(keys.map((key) => Commands[key]).sort(), ids);
});

test('menus name only contributed commands', () => {
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) if (item.command !== undefined) assert.ok(contributed.includes(item.command), `${menu}: ${item.command}`);
  }
});
