// The layout state a Token Editor page reports to the host (and that the host
// hands to the form that follows a save) is checked like any page message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUiState, isWebviewMessage } from '../../src/shared/protocol';
import { profileDisplayName } from '../../src/profiles/profileFiles';

test('a well-formed layout state passes', () => {
  assert.ok(isUiState({ open: { token: true, claims: false } }));
  assert.ok(isUiState({ open: {}, focus: 'claim-value-name', scrollY: 120 }));
  assert.ok(isWebviewMessage({ type: 'uiState', state: { open: { encrypt: true } } }));
});

test('layout states that are not what the page writes are refused', () => {
  const refused: unknown[] = [
    null,
    [],
    {},
    { open: [] },
    { open: { token: 'yes' } },
    { open: {}, focus: 7 },
    { open: {}, focus: 'x'.repeat(301) },
    { open: {}, scrollY: -1 },
    { open: {}, scrollY: Number.NaN },
    { open: {}, token: 'eyJ...' },
    { open: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`s${i}`, true])) },
    { open: { ['x'.repeat(301)]: true } },
  ];
  for (const state of refused) assert.equal(isUiState(state), false, JSON.stringify(state)?.slice(0, 80));
  assert.equal(isWebviewMessage({ type: 'uiState' }), false);
  assert.equal(isWebviewMessage({ type: 'uiState', state: { open: {}, token: 'eyJ' } }), false);
});

test('an unsaved profile is named by its file name, a saved one by its workspace path', () => {
  const relative = (uri: { scheme: string; path: string }): string => uri.path.replace('/ws/', '');
  assert.equal(profileDisplayName({ scheme: 'untitled', path: '/home/ada/ws/activepieces.jwt.yaml' }, relative), 'activepieces.jwt.yaml (unsaved)');
  assert.equal(profileDisplayName({ scheme: 'file', path: '/ws/sub/portal.jwt.yaml' }, relative), 'sub/portal.jwt.yaml');
  assert.equal(profileDisplayName({ scheme: 'untitled', path: 'Untitled-1' }, relative), 'Untitled-1 (unsaved)');
});
