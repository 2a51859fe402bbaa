// Gateway scenarios behind a real nghttpx (nghttp2 1.52, Debian 12's nghttp2-proxy), diagnosed end
// to end. What nghttpx does, observed with curl:
// - a backend on a closed port, one that closes without a byte and one that sends non-HTTP bytes
//   all get the same `502 Bad Gateway` page, `<footer>nghttpx</footer>`, `Server: nghttpx`; the
//   error log says `Backend connect failed; addr=127.0.0.1:…: errno=111` for the first only, and
//   without the request, so no line can be tied to our probe;
// - `backend-read-timeout=1s` and a slower backend: `504 Gateway Timeout`, the same kind of page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNghttpx, type Nghttpx } from '../support/nghttpx.js';
import { runScenario, scoreTable, SCORES, startBrokenUpstreams } from './scenario.js';

describe('nghttpx gateway scenarios', () => {
  let nghttpx: Nghttpx;
  let base = '';
  const stops: (() => Promise<void>)[] = [];
  const origins: Record<string, string> = {};

  before(async () => {
    const { closedPort, closesPort, garbagePort, slowPort, stop } = await startBrokenUpstreams();
    stops.push(stop);
    Object.assign(origins, { refused: `http://127.0.0.1:${closedPort}/refused`, closes: `http://127.0.0.1:${closesPort}/closes/` });
    nghttpx = await startNghttpx(`
backend=127.0.0.1,${closesPort};/closes/;proto=http/1.1
backend=127.0.0.1,${garbagePort};/garbage/;proto=http/1.1
backend=127.0.0.1,${slowPort};/slow/;proto=http/1.1
backend=127.0.0.1,${closedPort};;proto=http/1.1
backend-read-timeout=1s
`);
    base = `http://127.0.0.1:${nghttpx.port}`;
  });

  after(async () => {
    await nghttpx?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nnghttpx scenario score\n${scoreTable(SCORES)}`);
  });

  it('a backend on a closed port: its 502 page, written by nghttpx; the page cannot tell the cause, low', async (t) => {
    const report = await runScenario(t, 'nghttpx → closed port', { url: `${base}/refused` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nghttpx' });
    assert.equal(report.attempts[0]?.status, 502);
    assert.match(report.attempts[0]?.bodySample ?? '', /<footer>nghttpx<\/footer>/);
    assert.equal(report.verdict.confidence, 'low');
    assert.deepEqual(report.verdict.candidates, ['upstream-refused', 'upstream-closed', 'upstream-invalid-response']);
    // Its error log cannot decide (no request in its lines): only the origin is suggested.
    assert.deepEqual(report.verdict.decideWith?.map((d) => d.split(' ')[3]), ['--origin']);
  });

  it('--origin decides what the page cannot: the origin refuses, or closes, when asked directly', async (t) => {
    const refused = await runScenario(t, 'nghttpx → closed port (--origin)', { url: `${base}/refused`, origin: origins.refused },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nghttpx' });
    assert.equal(refused.verdict.confidence, 'high');
    const closes = await runScenario(t, 'nghttpx → closes (--origin)', { url: `${base}/closes/`, origin: origins.closes },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'nghttpx' });
    assert.equal(closes.verdict.confidence, 'high');
  });

  it('a backend that closes or sends garbage: the same 502 page, nghttpx named', async (t) => {
    for (const path of ['closes', 'garbage']) {
      const report = await runScenario(t, `nghttpx → ${path}`, { url: `${base}/${path}/`, retries: 1 },
        { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nghttpx' });
      assert.ok(report.verdict.candidates?.includes(path === 'closes' ? 'upstream-closed' : 'upstream-invalid-response'));
    }
  });

  it('backend-read-timeout 1s and a slow backend: 504, upstream-timeout', async (t) => {
    const report = await runScenario(t, 'nghttpx → slow backend (backend-read-timeout 1s)', { url: `${base}/slow/` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'nghttpx' });
    assert.equal(report.attempts[0]?.status, 504);
  });
});
