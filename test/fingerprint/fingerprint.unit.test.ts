// The matcher's rules that fixtures alone do not pin down: healthy responses, edges, caches,
// firewalls, hop attribution, and the tables' own hygiene.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprint, type ResponseFacts } from '../../src/core/fingerprint/index.js';
import {
  CACHE_SIGNATURES, EDGE_SIGNATURES, GENERATOR_SIGNATURES, SERVER_PRODUCTS, WAF_SIGNATURES,
} from '../../src/core/fingerprint/signatures/index.js';
import type { Extractor, Rule } from '../../src/core/fingerprint/types.js';

const facts = (status: number, headers: Record<string, string> = {}, body = ''): ResponseFacts => ({ status, headers, body });

const NGINX_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n';
const HAPROXY_503 = '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>\n';

describe('generator', () => {
  it('a healthy page is credited to the Server product, with low confidence', () => {
    const fp = fingerprint(facts(200, { server: 'nginx/1.22.1' }, '<html>shop</html>'));
    assert.equal(fp.generatedBy, 'nginx');
    assert.equal(fp.generatorConfidence, 'low');
    assert.deepEqual(fp.generatorEvidence, ['Server: nginx/1.22.1 (the Server header)']);
    assert.equal(fp.server, 'nginx/1.22.1');
  });

  it('Server: cloudflare names the edge, never the writer', () => {
    const fp = fingerprint(facts(200, { server: 'cloudflare', 'cf-ray': '8a1b2c3d4e5f6a7b-AMS' }, 'ok'));
    assert.equal(fp.generatedBy, null);
    assert.equal(fp.edge, 'cloudflare');
    assert.deepEqual(fp.edgeEvidence, ['Cf-Ray: 8a1b2c3d4e5f6a7b-AMS', 'Server: cloudflare']);
  });

  it('an unknown error page falls back to Server, saying so', () => {
    const fp = fingerprint(facts(500, { server: 'Apache/2.4.71 (Debian)' }, '<h1>Oops, our app crashed</h1>'));
    assert.equal(fp.generatedBy, 'apache');
    assert.equal(fp.generatorConfidence, 'low');
    assert.match(fp.generatorEvidence[0] ?? '', /unrecognised page/);
  });

  it('nothing known: null', () => {
    const fp = fingerprint(facts(502, {}, 'upstream is sad'));
    assert.deepEqual([fp.generatedBy, fp.generatorConfidence, fp.generatorEvidence, fp.edge, fp.waf, fp.cache], [null, 'low', [], null, null, null]);
  });

  it('a page branded differently from Server was written by the inner hop', () => {
    const fp = fingerprint(facts(503, { server: 'nginx/1.22.1' }, HAPROXY_503));
    assert.equal(fp.generatedBy, 'haproxy');
    assert.equal(fp.generatorConfidence, 'high');
    assert.equal(fp.detail, 'No server is available to handle this request.');
  });

  it('the body beats a weaker header cue (an nginx page relayed by CloudFront)', () => {
    const fp = fingerprint(facts(502, { 'x-cache': 'Error from cloudfront', via: '1.1 abc.cloudfront.net (CloudFront)' }, NGINX_502));
    assert.equal(fp.generatedBy, 'nginx');
    assert.equal(fp.edge, 'cloudfront');
  });

  it('nginx footers: plain, versioned, with the build, and OpenResty', () => {
    for (const [footer, id] of [['nginx', 'nginx'], ['nginx/1.18.0 (Ubuntu)', 'nginx'], ['openresty/1.21.4.1', 'openresty'], ['openresty', 'openresty']] as const) {
      assert.equal(fingerprint(facts(502, {}, NGINX_502.replace('nginx/1.22.1', footer))).generatedBy, id, footer);
    }
  });

  it('nginx names the special 400 pages in detail', () => {
    const body = NGINX_502.replaceAll('502 Bad Gateway', '400 The plain HTTP request was sent to HTTPS port');
    assert.equal(fingerprint(facts(400, { server: 'nginx' }, body)).detail, 'The plain HTTP request was sent to HTTPS port');
  });

  it('an ALB-style footerless page without awselb is not ELB', () => {
    const body = NGINX_502.replace('<hr><center>nginx/1.22.1</center>\r\n', '');
    assert.notEqual(fingerprint(facts(502, { server: 'nginx' }, body)).generatedBy, 'aws-elb');
    assert.equal(fingerprint(facts(502, { server: 'awselb/2.0' }, body)).generatedBy, 'aws-elb');
  });

  it('Caddy relaying an empty upstream 502 is not Caddy (it sends both Server headers)', () => {
    const fp = fingerprint(facts(502, { server: 'Caddy, upstreamthing', 'content-length': '0' }, ''));
    assert.notEqual(fp.generatedBy, 'caddy');
    assert.equal(fp.edge, 'caddy');
  });

  it('the IIS gateway text is App Gateway only with its Server header', () => {
    const body = '<h2>502 - Web server received an invalid response while acting as a gateway or proxy server.</h2>';
    assert.equal(fingerprint(facts(502, {}, body)).generatedBy, 'iis');
    assert.equal(fingerprint(facts(502, {}, body)).generatorConfidence, 'medium');
    assert.equal(fingerprint(facts(502, { server: 'Microsoft-Azure-Application-Gateway/v2' }, body)).generatedBy, 'azure-app-gateway');
  });

  it('Envoy: a 5xx without x-envoy-upstream-service-time is Envoy\'s own; with it, relayed', () => {
    assert.equal(fingerprint(facts(503, { server: 'envoy' }, 'oops')).generatedBy, 'envoy');
    assert.equal(fingerprint(facts(503, { server: 'envoy' }, 'oops')).generatorConfidence, 'medium');
    assert.equal(fingerprint(facts(503, { server: 'envoy', 'x-envoy-upstream-service-time': '12' }, 'oops')).generatorConfidence, 'low');
  });

  it('Envoy reset reasons map to response flags', () => {
    const body = (reason: string): string => `upstream connect error or disconnect/reset before headers. retried and the latest reset reason: ${reason}`;
    const cases = [['remote connection failure, transport failure reason: TLS_error', 'UF'], ['connection timeout', 'UF'], ['connection termination', 'UC'],
      ['overflow', 'UO'], ['protocol error', 'UPE'], ['remote reset', 'UR'], ['local reset', 'LR']];
    for (const [reason, flag] of cases) assert.equal(fingerprint(facts(503, { server: 'envoy' }, body(reason!))).vendorCode, flag, reason);
  });

  it('Kong\'s HTML template', () => {
    const fp = fingerprint(facts(503, { server: 'kong/3.4.2' }, '<html><head><title>Kong Error</title></head><body><h1>Kong Error</h1><p>The upstream server is currently unavailable.</p></body></html>'));
    assert.deepEqual([fp.generatedBy, fp.detail], ['kong', 'The upstream server is currently unavailable.']);
  });
});

describe('edge', () => {
  const cases: [string, Record<string, string>][] = [
    ['cloudfront', { 'x-amz-cf-id': 'abc==', 'x-cache': 'Hit from cloudfront' }],
    ['fastly', { 'x-served-by': 'cache-fra19150-FRA', 'x-timer': 'S1764324000.123,VS0,VE1' }],
    ['akamai', { 'x-cache': 'TCP_HIT from a104-71-131-14.deploy.akamaitechnologies.com (AkamaiGHost/10.4.6-1) (-)' }],
    ['vercel', { 'x-vercel-id': 'fra1::iad1::abc', server: 'Vercel' }],
    ['netlify', { 'x-nf-request-id': '01J', server: 'Netlify' }],
    ['heroku', { via: '1.1 vegur', server: 'Cowboy' }],
    ['azure-front-door', { 'x-azure-ref': '0abc', 'x-cache': 'TCP_MISS' }],
    ['google', { via: '1.1 google' }],
    ['varnish', { 'x-varnish': '32770', via: '1.1 varnish (Varnish/7.1)' }],
    ['squid', { via: '1.1 proxy.example (squid/5.7)' }],
    ['kong', { via: 'kong/3.4.2', 'x-kong-proxy-latency': '1' }],
    ['imperva', { 'x-iinfo': '10-123-0 0CNN RT(1 2) q(0 -1 -1 0) r(1 1)', 'x-cdn': 'Imperva' }],
  ];
  for (const [id, headers] of cases) {
    it(`${id} on a healthy 200`, () => assert.equal(fingerprint(facts(200, headers, 'ok')).edge, id));
  }

  it('the outermost edge wins (Cloudflare in front of Varnish)', () => {
    const fp = fingerprint(facts(200, { 'cf-ray': 'x-AMS', 'x-varnish': '1 2', via: '1.1 varnish (Varnish/7.1)' }, 'ok'));
    assert.equal(fp.edge, 'cloudflare');
  });
});

describe('cache', () => {
  const cache = (headers: Record<string, string>, status = 200) => fingerprint(facts(status, headers, 'x')).cache;
  it('Age > 0 is a stored copy', () => assert.deepEqual(cache({ age: '42' }), { hit: true, evidence: ['a stored copy (Age: 42)'] }));
  it('cf-cache-status', () => {
    assert.equal(cache({ 'cf-cache-status': 'HIT' })?.hit, true);
    assert.equal(cache({ 'cf-cache-status': 'STALE' }, 502)?.hit, true);
    assert.equal(cache({ 'cf-cache-status': 'DYNAMIC' })?.hit, false);
    assert.equal(cache({ 'cf-cache-status': 'EXPIRED' })?.hit, false);
  });
  it('X-Cache of CloudFront, Azure, Squid and Akamai', () => {
    assert.equal(cache({ 'x-cache': 'Hit from cloudfront' })?.hit, true);
    assert.equal(cache({ 'x-cache': 'RefreshHit from cloudfront' })?.hit, true);
    assert.equal(cache({ 'x-cache': 'Miss from cloudfront' })?.hit, false);
    assert.equal(cache({ 'x-cache': 'TCP_REMOTE_HIT' })?.hit, true);
    assert.equal(cache({ 'x-cache': 'HIT from proxy.example' })?.hit, true);
    assert.equal(cache({ 'x-cache': 'TCP_MISS from a1.deploy.akamaitechnologies.com (AkamaiGHost/10.4.6-1) (-)' })?.hit, false);
  });
  it('Error from cloudfront is a hit only with Age', () => {
    assert.equal(cache({ 'x-cache': 'Error from cloudfront' }, 502)?.hit, false);
    assert.deepEqual(cache({ 'x-cache': 'Error from cloudfront', age: '4' }, 502), { hit: true, evidence: ['a stored copy (Age: 4)', 'X-Cache: Error from cloudfront', 'Age: 4'] });
  });
  it('Fastly: HIT counts only with X-Cache-Hits > 0', () => {
    assert.equal(cache({ 'x-served-by': 'cache-fra19150-FRA', 'x-cache': 'HIT', 'x-cache-hits': '0' })?.hit, false);
    assert.equal(cache({ 'x-served-by': 'cache-fra19150-FRA', 'x-cache': 'MISS, HIT', 'x-cache-hits': '0, 3' })?.hit, true);
  });
  it('Varnish: two VXIDs', () => {
    assert.equal(cache({ 'x-varnish': '32776 65539', age: '0' })?.hit, true);
    assert.equal(cache({ 'x-varnish': '32770', age: '0' })?.hit, false);
  });
  it('Vercel and RFC 9211 Cache-Status', () => {
    assert.equal(cache({ 'x-vercel-cache': 'STALE' })?.hit, true);
    assert.equal(cache({ 'cache-status': '"Netlify Edge"; hit' })?.hit, true);
    assert.equal(cache({ 'cache-status': '"Netlify Edge"; fwd=miss' })?.hit, false);
  });
  it('no cache header: null', () => assert.equal(cache({ server: 'nginx' }), null));
});

describe('waf', () => {
  const waf = (status: number, headers: Record<string, string>, body: string) => {
    const fp = fingerprint(facts(status, headers, body));
    return { vendor: fp.waf?.vendor, kind: fp.waf?.kind, generatedBy: fp.generatedBy, vendorCode: fp.vendorCode };
  };
  it('Imperva, even on a 200', () => {
    assert.deepEqual(waf(200, { server: 'nginx' }, '<html><iframe src="/_Incapsula_Resource?CWUDNSAI=9"></iframe>Request unsuccessful. Incapsula incident ID: 123-456</html>'),
      { vendor: 'imperva', kind: 'block', generatedBy: 'imperva', vendorCode: null });
  });
  it('Sucuri', () => {
    assert.equal(waf(403, { server: 'Sucuri/Cloudproxy', 'x-sucuri-block': 'BL001' }, '<title>Sucuri WebSite Firewall - Access Denied</title>').vendor, 'sucuri');
  });
  it('Wordfence, F5, DataDome, PerimeterX', () => {
    assert.deepEqual(waf(503, {}, '<p>Your access to this site has been limited by the site owner</p><p>Generated by Wordfence at Sat, 28 Nov 2026</p>').vendor, 'wordfence');
    assert.deepEqual(waf(200, {}, '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890<br></body></html>'),
      { vendor: 'f5', kind: 'block', generatedBy: 'f5', vendorCode: '1234567890' });
    assert.equal(waf(403, {}, '<script src="https://geo.captcha-delivery.com/captcha/?initialCid=x"></script>').kind, 'challenge');
    assert.equal(waf(403, {}, '<div id="px-captcha"></div>').vendor, 'perimeterx');
  });
  it('Cloudflare injecting its bot script into a normal page is no challenge', () => {
    const fp = fingerprint(facts(200, { server: 'cloudflare', 'cf-ray': 'x-AMS' }, '<html><body>shop<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script></body></html>'));
    assert.equal(fp.waf, null);
  });
  it('a plain 429 names no firewall', () => assert.equal(fingerprint(facts(429, { server: 'nginx' }, 'slow down')).waf, null));
});

describe('signature tables', () => {
  const rules: Rule[] = [...GENERATOR_SIGNATURES, ...EDGE_SIGNATURES, ...WAF_SIGNATURES, ...CACHE_SIGNATURES];
  it('no regex keeps state between calls (no g or y flag)', () => {
    const patterns: RegExp[] = SERVER_PRODUCTS.map((p) => p.pattern);
    for (const rule of rules) {
      for (const cue of [...(rule.all ?? []), ...(rule.any ?? []), ...(rule.none ?? [])]) {
        if ('body' in cue) patterns.push(cue.body);
        if ('header' in cue) patterns.push(cue.value);
      }
      for (const extractor of (rule as { extract?: readonly Extractor[] }).extract ?? []) patterns.push(extractor.pattern);
    }
    for (const pattern of patterns) assert.doesNotMatch(pattern.flags, /[gy]/, String(pattern));
  });
  it('ids are lower-case software ids; header names are lower-case', () => {
    const ids = [...GENERATOR_SIGNATURES.map((s) => s.id), ...EDGE_SIGNATURES.map((s) => s.id), ...SERVER_PRODUCTS.map((p) => p.id),
      ...WAF_SIGNATURES.map((w) => w.vendor)];
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9-]*$/);
    for (const rule of rules) {
      for (const cue of [...(rule.all ?? []), ...(rule.any ?? []), ...(rule.none ?? [])]) {
        if ('header' in cue) assert.equal(cue.header, cue.header.toLowerCase());
        if ('noHeader' in cue) assert.equal(cue.noHeader, cue.noHeader.toLowerCase());
      }
    }
  });
  it('stays fast on hostile 1 MiB bodies', () => {
    const bodies = ['</H1>'.repeat(200_000), '<blockquote id="error"><p>'.repeat(40_000), 'Reference&#32;&#35;1 </H1>'.repeat(40_000), '<'.repeat(1 << 20)];
    for (const body of bodies) {
      const started = performance.now();
      fingerprint(facts(502, { server: 'AkamaiGHost', 'x-squid-error': 'ERR_X' }, body));
      assert.ok(performance.now() - started < 1000, `${body.slice(0, 30)}… took ${Math.round(performance.now() - started)} ms`);
    }
  });
});
