// Embed URLs and snippets: every vendor's shape from the vendor notes, and
// hostile values encoded for where they land or refused outright.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { listPresets, renderEmbed, parseTemplate } from '../../src/core/index';
import type { Preset } from '../../src/core/index';

const preset = (id: string): Preset => listPresets().find((p) => p.id === id) as Preset;
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln';

function render(id: string, values: Record<string, unknown>, token = TOKEN) {
  const r = renderEmbed(preset(id), values, token);
  if (!r.ok) assert.fail(r.error.message);
  return r;
}

describe('vendor shapes', () => {
  test('activepieces: legacy URL, SDK snippet with configure()', () => {
    const r = render('activepieces', { instanceUrl: 'https://cloud.activepieces.com/', sdkVersion: '0.3.7' });
    assert.equal(r.url, `https://cloud.activepieces.com/embed?jwtToken=${TOKEN}`);
    assert.equal(r.host, 'cloud.activepieces.com');
    assert.match(r.snippets.sdk ?? '', /<script src="https:\/\/cdn\.activepieces\.com\/sdk\/embed\/0\.3\.7\.js"><\/script>/);
    assert.match(r.snippets.sdk ?? '', /instanceUrl: "https:\/\/cloud\.activepieces\.com",/);
    assert.match(r.snippets.sdk ?? '', new RegExp(`jwtToken: "${TOKEN}"`));
    assert.match(r.snippets.sdk ?? '', /embedding: \{ containerId: "container" \}/);
  });

  test('activepieces: without an SDK version the SDK snippet is skipped, not broken', () => {
    const r = render('activepieces', { instanceUrl: 'https://ap.example.com' });
    assert.equal(r.snippets.sdk, undefined);
    assert.match(r.skipped.sdk ?? '', /sdkVersion/);
    assert.ok(r.snippets.iframe);
  });

  test('frameable: https://<domain>.frameable.com/events/<event>?token=', () => {
    assert.equal(render('frameable', { domain: 'acme', event: 'launch-week' }).url, `https://acme.frameable.com/events/launch-week?token=${TOKEN}`);
  });

  test('acadio: /auth/callback/jwt-auth?token=&go=', () => {
    assert.equal(render('acadio', { domain: 'learn.example.com', go: '/courses/1?x=1' }).url, `https://learn.example.com/auth/callback/jwt-auth?token=${TOKEN}&go=%2Fcourses%2F1%3Fx%3D1`);
  });

  test('metabase-embed: token as a path segment, appearance in the hash', () => {
    const r = render('metabase-embed', { siteUrl: 'https://mb.example.com', theme: 'night', hide_parameters: 'a,b' });
    assert.equal(r.url, `https://mb.example.com/embed/dashboard/${TOKEN}#bordered=true&titled=true&theme=night&hide_parameters=a%2Cb`);
    assert.match(r.snippets.iframe ?? '', /^<iframe src="https:\/\/mb\.example\.com\/embed\/dashboard\/[^"]+#bordered=true&amp;titled=true/);
    const q = render('metabase-embed', { siteUrl: 'https://mb.example.com/metabase', resource: 'question', bordered: false });
    assert.equal(q.url, `https://mb.example.com/metabase/embed/question/${TOKEN}#bordered=false&titled=true`);
  });

  test('metabase-sso: /auth/sso?jwt=&return_to=', () => {
    assert.equal(render('metabase-sso', { siteUrl: 'https://mb.example.com', returnTo: '/dashboard/1' }).url, `https://mb.example.com/auth/sso?jwt=${TOKEN}&return_to=%2Fdashboard%2F1`);
  });

  test('zendesk: /access/jwt URL and a POST form', () => {
    const r = render('zendesk', { subdomain: 'acme', returnTo: 'https://acme.zendesk.com/hc' });
    assert.equal(r.url, `https://acme.zendesk.com/access/jwt?jwt=${TOKEN}&return_to=https%3A%2F%2Facme.zendesk.com%2Fhc`);
    assert.match(r.snippets.form ?? '', /<form method="post" action="https:\/\/acme\.zendesk\.com\/access\/jwt">/);
    assert.match(r.snippets.form ?? '', new RegExp(`name="jwt" value="${TOKEN}"`));
    assert.match(r.snippets.form ?? '', /name="return_to" value="https:\/\/acme\.zendesk\.com\/hc"/);
  });

  test('grafana: dashboard path with orgId, kiosk and auth_token', () => {
    assert.equal(render('grafana', { siteUrl: 'https://g.example.com', dashboardUid: 'abc', slug: 'sales' }).url, `https://g.example.com/d/abc/sales?orgId=1&kiosk&auth_token=${TOKEN}`);
    assert.equal(render('grafana', { siteUrl: 'https://g.example.com', dashboardUid: 'abc', kiosk: false, orgId: 2 }).url, `https://g.example.com/d/abc?orgId=2&auth_token=${TOKEN}`);
  });

  test('tableau: <tableau-viz src=… token=…>', () => {
    const r = render('tableau', { host: 'prod.online.tableau.com', site: 'acme', workbook: 'Sales', view: 'Q1 Overview' });
    assert.equal(r.url, 'https://prod.online.tableau.com/t/acme/views/Sales/Q1%20Overview');
    assert.match(r.snippets['tableau-viz'] ?? '', new RegExp(`<tableau-viz src="https://prod\\.online\\.tableau\\.com/t/acme/views/Sales/Q1%20Overview" token="${TOKEN}"></tableau-viz>`));
  });

  test('canny: redirect URL and widget snippet', () => {
    const r = render('canny', { companyID: 'c1', redirect: 'https://feedback.canny.io', boardToken: 'b1' });
    assert.equal(r.url, `https://canny.io/api/redirects/sso?companyID=c1&ssoToken=${TOKEN}&redirect=https%3A%2F%2Ffeedback.canny.io`);
    assert.match(r.snippets.widget ?? '', /Canny\('render', \{\n {2}boardToken: "b1",\n {2}ssoToken: "/);
  });

  test('featurebase: /api/v1/auth/access/jwt', () => {
    assert.equal(render('featurebase', { org: 'acme' }).url, `https://acme.featurebase.app/api/v1/auth/access/jwt?jwt=${TOKEN}`);
  });

  test('superset: a snippet, no URL; host from the site', () => {
    const r = render('superset', { siteUrl: 'https://bi.example.com', dashboardId: '11111111-2222-3333-4444-555555555555' });
    assert.equal(r.url, undefined);
    assert.equal(r.host, 'bi.example.com');
    assert.match(r.snippets['embedded-sdk'] ?? '', /supersetDomain: "https:\/\/bi\.example\.com"/);
    assert.match(r.snippets['embedded-sdk'] ?? '', /fetchGuestToken: async \(\) => "/);
  });

  test('generic has no embed', () => {
    assert.equal(renderEmbed(preset('generic'), {}, TOKEN).ok, false);
  });
});

describe('hostile values', () => {
  test('an attribute breakout is encoded in URLs and escaped in HTML', () => {
    const r = render('frameable', { domain: 'acme', event: '"><script>alert(1)</script>' });
    assert.ok(!r.url?.includes('<') && !r.url?.includes('"'));
    assert.ok(!(r.snippets.link ?? '').includes('<script>'));
    const z = render('zendesk', { subdomain: 'acme', returnTo: 'https://x/"><script>' }, 'a"b<c');
    assert.ok(!(z.snippets.form ?? '').includes('<script>'));
    assert.match(z.snippets.form ?? '', /value="a&quot;b&lt;c"/);
  });

  test('a token cannot break out of a JS string or a <script> block', () => {
    const r = render('canny', { companyID: 'c', boardToken: '</script><script>alert(1)</script>' }, 'x"+alert(1)+"\u2028');
    const w = r.snippets.widget ?? '';
    assert.ok(!w.includes('</script>'));
    assert.match(w, /ssoToken: "x\\"\+alert\(1\)\+\\"\\u2028"/);
  });

  test('instanceUrl: javascript:, data:, credentials, query and breakouts are refused', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<x>', 'https://user:pw@evil.example', 'https://ok.example?x=1', 'https://ok.example#x', 'https://ok.example/"onload="x', 'ftp://ok.example', '//evil.example', 'cloud.activepieces.com']) {
      const r = renderEmbed(preset('activepieces'), { instanceUrl: bad }, TOKEN);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.equal(r.error.code, 'EMBED_INVALID');
    }
  });

  test('subdomain labels and hosts cannot move the origin', () => {
    for (const bad of ['evil.com/x', 'acme.evil.com', 'a@b', '-acme', 'ac me', '']) {
      assert.equal(renderEmbed(preset('zendesk'), { subdomain: bad }, TOKEN).ok, false, bad);
    }
    for (const bad of ['evil.com/path', 'user@evil.com', 'evil.com?x', 'evil.com#x', 'https://evil.com', 'evil.com\\@good.com']) {
      assert.equal(renderEmbed(preset('acadio'), { domain: bad }, TOKEN).ok, false, bad);
    }
  });

  test('return paths must be local', () => {
    assert.equal(renderEmbed(preset('metabase-sso'), { siteUrl: 'https://mb.example.com', returnTo: '//evil.example' }, TOKEN).ok, false);
    assert.equal(renderEmbed(preset('metabase-sso'), { siteUrl: 'https://mb.example.com', returnTo: 'https://evil.example' }, TOKEN).ok, false);
  });

  test('path filter encodes slashes and dots cannot climb', () => {
    const r = render('frameable', { domain: 'acme', event: '../../admin' });
    assert.equal(r.url, `https://acme.frameable.com/events/..%2F..%2Fadmin?token=${TOKEN}`);
  });

  test('no token: a message saying to sign first', () => {
    const r = renderEmbed(preset('frameable'), { domain: 'acme', event: 'e' }, '');
    assert.equal(r.ok, false);
  });
});

describe('templates', () => {
  test('a placeholder without an encoding, or with an unknown one, is refused', () => {
    assert.equal(parseTemplate('https://x/{token}').ok, false);
    assert.equal(parseTemplate('https://x/{token|raw}').ok, false);
    assert.equal(parseTemplate('https://x/{[a={a|query}').ok, false);
    assert.equal(parseTemplate('https://x/?t={token|query}{[&a={a|query}]}').ok, true);
  });
});
