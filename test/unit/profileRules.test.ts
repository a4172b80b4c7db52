// The rules the profile code shares: which key fits a preset (one message),
// a schema's starting value, and the one YAML scalar writer.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { listPresets } from '../../src/core/index';
import type { Preset } from '../../src/core/index';
import { acceptedAlgorithms, algorithmFits, keyFitsPreset } from '../../src/core/profiles/keyFit';
import { schemaPlaceholder } from '../../src/core/profiles/placeholder';
import { flowText, scalarText } from '../../src/core/text/yamlWrite';

const preset = (id: string): Preset => listPresets().find((p) => p.id === id) as Preset;

describe('keyFitsPreset', () => {
  test('a key of an accepted algorithm fits', () => {
    assert.deepEqual(keyFitsPreset({ id: 'ap-rs', alg: 'RS256', use: 'sig' }, preset('activepieces')), { ok: true });
    assert.deepEqual(keyFitsPreset({ id: 'any', alg: 'ES384' }, undefined), { ok: true });
  });
  test('a key of another algorithm: one message naming what the preset asks for', () => {
    assert.deepEqual(keyFitsPreset({ id: 'ap-prod', alg: 'ES256', use: 'sig' }, preset('activepieces')), {
      ok: false,
      code: 'KEY_ALG_MISMATCH',
      message: "Key 'ap-prod' is ES256; this preset asks for RS256 — pick another key or change `alg`.",
    });
    const two = { alg: { default: 'RS256', allowed: ['RS256', 'PS256'] } } as Pick<Preset, 'alg'>;
    const fit = keyFitsPreset({ id: 'k', alg: 'HS256' }, two);
    assert.equal(fit.ok ? '' : fit.message, "Key 'k' is HS256; this preset asks for one of RS256, PS256 — pick another key or change `alg`.");
  });
  test("the profile's written alg comes first", () => {
    const fit = keyFitsPreset({ id: 'ap-rs', alg: 'RS256' }, preset('activepieces'), 'RS512');
    assert.equal(fit.ok ? '' : fit.message, "Key 'ap-rs' is RS256; this profile asks for RS512 — pick another key or change `alg`.");
  });
  test('an encryption key never fits', () => {
    const fit = keyFitsPreset({ id: 'partner-enc', alg: 'RSA-OAEP-256', use: 'enc' }, preset('activepieces'));
    assert.deepEqual(fit, { ok: false, code: 'KEY_NOT_FOR_SIGNING', message: "Key 'partner-enc' is an encryption key (RSA-OAEP-256); pick a signing key." });
  });
  test('algorithm lists in words', () => {
    assert.equal(algorithmFits('RS256', ['RS256']), true);
    assert.equal(algorithmFits('ES256', ['RS256']), false);
    assert.equal(acceptedAlgorithms(['RS256']), 'RS256');
    assert.equal(acceptedAlgorithms(['RS256', 'PS256']), 'one of RS256, PS256');
  });
});

describe('schemaPlaceholder', () => {
  test("the schema's own value first: example, const, enum, default", () => {
    assert.equal(schemaPlaceholder({ examples: ['a'], const: 'b' }, ''), 'a');
    assert.equal(schemaPlaceholder({ const: 'b', enum: ['c'] }, ''), 'b');
    assert.equal(schemaPlaceholder({ enum: ['c'], default: 'd' }, ''), 'c');
    assert.equal(schemaPlaceholder({ default: 'd' }, ''), 'd');
  });
  test('else an empty value of the type (template: `<name>` for text)', () => {
    assert.equal(schemaPlaceholder({ type: 'integer' }, '<n>'), 0);
    assert.equal(schemaPlaceholder({ type: ['boolean', 'string'] }, '<n>'), false);
    assert.deepEqual(schemaPlaceholder({ type: 'array' }, '<n>'), []);
    assert.deepEqual(schemaPlaceholder({ type: 'object' }, '<n>'), {});
    assert.equal(schemaPlaceholder({ type: 'string' }, '<n>'), '<n>');
    assert.equal(schemaPlaceholder({}, '<n>'), '<n>');
  });
  test("the form's field kind decides when given", () => {
    assert.equal(schemaPlaceholder({ type: 'string' }, '', 'date'), 0);
    assert.deepEqual(schemaPlaceholder({ type: 'array' }, '', 'json'), []);
    assert.deepEqual(schemaPlaceholder({ type: ['object', 'null'] }, '', 'json'), {});
    assert.equal(schemaPlaceholder({ type: 'integer' }, '', 'string'), '');
  });
});

describe('the YAML scalar writer', () => {
  const back = (text: string, version: '1.1' | '1.2' = '1.2'): unknown => parse(`k: ${text}`, { version }).k;
  // The template's old writer (plain only for [A-Za-z_][\w .@/-]*, not yes/no/on/off/true/false/null/~)
  // and the form's writer differ on these; the one writer's output reads back the same in YAML 1.2 and 1.1.
  const differing = ['<sub>', '1abc', 'über', 'a+b', 'y', 'n', 'Y', 'x'.repeat(201), '2024-01-01', '0x1F', '.inf', 'a #b', 'a: b', 'a,b', '-', ''];
  for (const value of differing) {
    test(`${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)} round-trips`, () => {
      const text = scalarText(value);
      assert.equal(back(text), value, text);
      assert.equal(back(text, '1.1'), value, text);
      assert.deepEqual(parse(`{ ${text}: ${text} }`), { [value]: value }, text);
    });
  }
  test('values YAML 1.1 reads as booleans are quoted', () => {
    for (const value of ['y', 'n', 'yes', 'No', 'on', 'OFF', 'true', 'null', '~']) assert.equal(scalarText(value), JSON.stringify(value));
  });
  test('the value and merge keys of YAML 1.1 are quoted', () => {
    assert.equal(scalarText('='), '"="');
    assert.equal(scalarText('<<'), '"<<"');
    assert.equal(scalarText('=x'), '=x');
  });
  test('plain where nothing reads it differently', () => {
    assert.equal(scalarText('your-key-id'), 'your-key-id');
    assert.equal(scalarText('ada@example.com'), 'ada@example.com');
    assert.equal(scalarText('<sub>'), '<sub>');
  });
  test('flow values', () => {
    assert.equal(flowText({}), '{}');
    assert.equal(flowText([]), '[]');
    assert.equal(flowText(-0), '-0');
    assert.equal(flowText({ a: [1, 'x y', null, true] }), '{ a: [1, x y, null, true] }');
    assert.deepEqual(parse(`k: ${flowText({ 'a b': ['y', 2] })}`), { k: { 'a b': ['y', 2] } });
  });
});
