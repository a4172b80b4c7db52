// The Token Editor page is treated as untrusted input: the extension checks
// each message's shape before acting on it.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { dispatch, isMessageOf, isWebviewMessage, PAGE_MESSAGES } from '../../src/shared/protocol';
import type { GuardTable, HandlerTable, HostMessage, WebviewMessage } from '../../src/shared/protocol';
import { HOST_MESSAGES, parseHostMessage } from '../../webview/incoming';

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
      { type: 'copyCode' },
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
      { type: 'copyIntegrationCode' },
      { type: 'output', action: 'copyCode' },
    ]) {
      assert.equal(isWebviewMessage(message), false, JSON.stringify(message));
    }
  });
});


/** One well-formed message of each type, and malformed variants of those that carry members. */
const PAGE_SAMPLES: { [K in WebviewMessage['type']]: { good: Extract<WebviewMessage, { type: K }>; bad: unknown[] } } = {
  ready: { good: { type: 'ready' }, bad: [] },
  edit: { good: { type: 'edit', edit: { op: 'remove', path: ['ttl'] } }, bad: [{ type: 'edit' }, { type: 'edit', edit: 'ttl' }, { type: 'edit', edit: { op: 'set', path: ['ttl'] } }] },
  sign: { good: { type: 'sign' }, bad: [] },
  output: { good: { type: 'output', action: 'openUrl' }, bad: [{ type: 'output' }, { type: 'output', action: 'copyToken', snippet: null }] },
  generateKey: { good: { type: 'generateKey' }, bad: [] },
  openText: { good: { type: 'openText', line: 1 }, bad: [{ type: 'openText', line: '3' }, { type: 'openText', line: -2 }] },
  uiState: { good: { type: 'uiState', state: { open: {} } }, bad: [{ type: 'uiState', state: null }, { type: 'uiState', state: { open: {}, focus: 1 } }] },
  saveTyped: { good: { type: 'saveTyped' }, bad: [] },
  showKey: { good: { type: 'showKey', id: 'k' }, bad: [{ type: 'showKey', id: null }] },
  copyCode: { good: { type: 'copyCode' }, bad: [] },
};

describe('the message tables', () => {
  test('every page message type has a guard that passes a message of that type and refuses its malformed variants', () => {
    assert.deepEqual(Object.keys(PAGE_MESSAGES).sort(), Object.keys(PAGE_SAMPLES).sort());
    for (const [type, { good, bad }] of Object.entries(PAGE_SAMPLES)) {
      assert.equal(isWebviewMessage(good), true, type);
      for (const message of bad) assert.equal(isWebviewMessage(message), false, JSON.stringify(message));
    }
  });

  test('unknown types are refused, inherited names included', () => {
    for (const type of ['hello', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'model', 'READY', '']) {
      assert.equal(isWebviewMessage({ type }), false, type);
    }
    for (const type of ['ready', 'constructor', 'toString', 'edit', '']) assert.equal(parseHostMessage({ type, action: 'sign', message: 'x' }), undefined, type);
    assert.equal(isWebviewMessage({ type: 7 }), false);
  });

  test('every host message type has a guard that passes a message of that type and refuses its malformed variants', () => {
    const signed = { token: 'a.b.c', segments: [1, 1, 1], encrypted: false, signature: { ok: true, message: 'ok' }, version: 1 };
    const samples: { [K in HostMessage['type']]: { good: unknown; bad: unknown[] } } = {
      model: { good: undefined, bad: [{ type: 'model' }, { type: 'model', model: {}, version: 1, fileName: 'a' }] },
      signed: { good: { type: 'signed', signed }, bad: [{ type: 'signed' }, { type: 'signed', signed: { ...signed, signature: { ok: 'yes', message: 'ok' } } }] },
      failed: { good: { type: 'failed', action: 'sign', message: 'No key.' }, bad: [{ type: 'failed', action: 'sign' }, { type: 'failed', message: 'x' }] },
      done: { good: { type: 'done', action: 'copyUrl', message: 'Copied.' }, bad: [{ type: 'done', action: 1, message: 'x' }] },
    };
    assert.deepEqual(Object.keys(HOST_MESSAGES).sort(), Object.keys(samples).sort());
    for (const [type, { good, bad }] of Object.entries(samples)) {
      if (good !== undefined) assert.ok(parseHostMessage(good), type);
      for (const message of bad) assert.equal(parseHostMessage(message), undefined, JSON.stringify(message));
    }
  });

  test('a table of guards checks its own messages, and dispatch runs the handler of the type', () => {
    type Ping = { type: 'ping'; n: number } | { type: 'stop' };
    const guards: GuardTable<Ping> = { ping: (m) => typeof m.n === 'number', stop: () => true };
    assert.equal(isMessageOf(guards, { type: 'ping', n: 1 }), true);
    assert.equal(isMessageOf(guards, { type: 'ping' }), false);
    assert.equal(isMessageOf(guards, { type: 'start' }), false);
    assert.equal(isMessageOf(guards, null), false);
    const handlers: HandlerTable<Ping, string> = { ping: (m) => `ping ${m.n}`, stop: () => 'stop' };
    assert.equal(dispatch(handlers, { type: 'ping', n: 2 }), 'ping 2');
    assert.equal(dispatch(handlers, { type: 'stop' }), 'stop');
  });
});
