// The Token Editor page is treated as untrusted input: the extension checks
// each message's shape before acting on it.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isWebviewMessage } from '../../src/shared/protocol';

describe('isWebviewMessage', () => {
  test('accepts every message type the page sends', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'sign' },
      { type: 'generateKey' },
      { type: 'openText' },
      { type: 'openText', line: 12 },
      { type: 'output', action: 'copyToken' },
      { type: 'output', action: 'copySnippet', snippet: 'iframe' },
      { type: 'edit', edit: { op: 'set', path: ['claims', 'role'], value: 'EDITOR' } },
      { type: 'edit', edit: { op: 'set', path: ['ttl'], value: null } },
      { type: 'edit', edit: { op: 'remove', path: ['claims', 'role'] } },
      { type: 'edit', edit: { op: 'rename', path: ['claims', 'role'], to: 'roles' } },
      { type: 'showKey', id: 'ap-prod' },
      { type: 'showKey', id: 'k'.repeat(200) },
    ]) {
      assert.equal(isWebviewMessage(message), true, JSON.stringify(message));
    }
  });

  test('refuses anything else', () => {
    for (const message of [
      null,
      'ready',
      [],
      {},
      { type: 'signToken' },
      { type: 'output', action: 'exfiltrate' },
      { type: 'output', action: 'copySnippet', snippet: 7 },
      { type: 'openText', line: 0 },
      { type: 'openText', line: 1.5 },
      { type: 'edit', edit: { op: 'set', path: ['claims'] } },
      { type: 'edit', edit: { op: 'set', path: [], value: 1 } },
      { type: 'edit', edit: { op: 'set', path: ['a', 'b', 'c', 'd', 'e'], value: 1 } },
      { type: 'edit', edit: { op: 'set', path: ['claims', ''], value: 1 } },
      { type: 'edit', edit: { op: 'set', path: ['x'.repeat(201)], value: 1 } },
      { type: 'edit', edit: { op: 'set', path: ['claims', 5], value: 1 } },
      { type: 'edit', edit: { op: 'rename', path: ['claims', 'a'] } },
      { type: 'edit', edit: { op: 'delete', path: ['claims', 'a'] } },
      { type: 'edit', edit: null },
      { type: 'showKey' },
      { type: 'showKey', id: '' },
      { type: 'showKey', id: 'k'.repeat(201) },
      { type: 'showKey', id: 7 },
      { type: 'showKey', id: ['ap-prod'] },
    ]) {
      assert.equal(isWebviewMessage(message), false, JSON.stringify(message));
    }
  });
});
