// The probe and the CLI against hostile or broken servers on real sockets: every failure is named,
// nothing hangs past the time limit, and nothing a server sends makes the process balloon.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { probe } from '../../src/core/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../src/core/probe/types.js';
import { runCliMeasured, type MeasuredCliRun } from '../support/cli.js';
import { deadPort } from '../support/process.js';
import {
  startDelayedFirstByte, startEmptyResponse, startEndlessBody, startEndlessHeaders, startGarbage,
  startGiganticHeader, startGzipBomb, startNeverAccept, startResetConnection, startTrickle,
} from '../support/raw-servers.js';

const SAMPLE_LIMIT = 64 * 1024;
const CLI_TIMEOUT_S = 3;
const RSS_LIMIT_KB = 150 * 1024;

interface Target {
  port: number;
  stop(): Promise<void>;
}

interface JsonReport {
  durationMs: number;
  verdict: { status: string; cause: string; hop: string };
  attempts: { status: number | null; cause: string; bodySample: string; error: { code: string } | null }[];
}

type Name =
  | 'closed' | 'neverAccept' | 'reset' | 'empty' | 'garbage' | 'endlessHeaders' | 'giganticHeader'
  | 'endlessBody' | 'gzipBomb' | 'trickle' | 'slowProbe' | 'slowCli';

describe('hostile servers', () => {
  const targets = {} as Record<Name, Target>;

  before(async () => {
    const closedPort = await deadPort(); // nobody listens on it, and no other test's server can take it
    const started = await Promise.all([
      Promise.resolve<Target>({ port: closedPort, stop: async () => undefined }),
      startNeverAccept(),
      startResetConnection(),
      startEmptyResponse(),
      startGarbage(),
      startEndlessHeaders(),
      startGiganticHeader(),
      startEndlessBody(),
      startGzipBomb(),
      startTrickle({ intervalMs: 1000 }),
      startDelayedFirstByte(600),
      // Past the CLI's default slow threshold (2 s), within its --timeout 3.
      startDelayedFirstByte(2300),
    ]);
    const names: Name[] = [
      'closed', 'neverAccept', 'reset', 'empty', 'garbage', 'endlessHeaders', 'giganticHeader',
      'endlessBody', 'gzipBomb', 'trickle', 'slowProbe', 'slowCli',
    ];
    names.forEach((name, i) => { targets[name] = started[i]!; });
  });

  after(async () => {
    await Promise.all(Object.values(targets).map((t) => t.stop()));
  });

  const url = (name: Name, path = '/'): URL => new URL(`http://127.0.0.1:${targets[name].port}${path}`);
  const timed = async (name: Name, options: Partial<ProbeOptions> = {}): Promise<{ result: ProbeResult; took: number }> => {
    const started = Date.now();
    const result = await probe(url(name), { timeoutMs: 5000, ...options });
    return { result, took: Date.now() - started };
  };

  describe('probe()', { concurrency: true }, () => {
    it('a closed port is connect-refused, at once', async () => {
      const { result, took } = await timed('closed');
      assert.equal(result.cause, 'connect-refused');
      assert.equal(result.failedPhase, 'tcp');
      assert.equal(result.error?.code, 'ECONNREFUSED');
      assert.equal(result.connectAttempts[0]?.error?.code, 'ECONNREFUSED');
      assert.equal(result.timings.tcp, undefined, 'no successful connect to time');
      assert.ok(took < 1000, `took ${took} ms`);
    });

    it('a port whose SYNs are dropped is connect-timeout, at the time limit', async () => {
      const { result, took } = await timed('neverAccept', { timeoutMs: 1500 });
      assert.equal(result.cause, 'connect-timeout');
      assert.equal(result.failedPhase, 'tcp');
      assert.equal(result.error?.code, 'ETIMEDOUT');
      assert.ok(took >= 1400 && took < 2500, `took ${took} ms`);
    });

    it('a reset after the request is connect-reset', async () => {
      const { result } = await timed('reset');
      assert.equal(result.cause, 'connect-reset');
      assert.equal(result.status, null);
      assert.equal(typeof result.timings.tcp, 'number', 'the connection itself was made');
    });

    it('a clean close without a byte is empty-response', async () => {
      const { result, took } = await timed('empty');
      assert.equal(result.cause, 'empty-response');
      assert.equal(result.failedPhase, 'http');
      assert.equal(result.status, null);
      assert.ok(took < 1000, `took ${took} ms`);
    });

    it('bytes that are not HTTP are malformed-response', async () => {
      const { result } = await timed('garbage');
      assert.equal(result.cause, 'malformed-response');
      assert.equal(result.failedPhase, 'http');
      assert.match(result.error?.code ?? '', /^HPE_/);
    });

    it('endless headers are malformed-response, quickly (not at the time limit)', async () => {
      const { result, took } = await timed('endlessHeaders');
      assert.equal(result.cause, 'malformed-response');
      assert.equal(result.status, null);
      assert.ok(took < 1500, `took ${took} ms`);
    });

    it('a 1 MiB header is malformed-response, quickly', async () => {
      const { result, took } = await timed('giganticHeader');
      assert.equal(result.cause, 'malformed-response');
      assert.equal(result.status, null);
      assert.ok(took < 1500, `took ${took} ms`);
    });

    it('an endless body: the 200 is kept with a truncated sample, and the attempt ends within the time limit', async () => {
      const { result, took } = await timed('endlessBody', { timeoutMs: 3000 });
      assert.equal(result.status, 200);
      assert.equal(result.bodyTruncated, true);
      assert.ok(Buffer.byteLength(result.bodySample) <= SAMPLE_LIMIT, `sample ${result.bodySample.length}`);
      assert.match(result.bodySample, /^b+$/);
      assert.ok(took < 3500, `took ${took} ms`);
    });

    it('a gzip bomb ends quickly with at most 64 KiB of sample, marked truncated, and does not inflate 1 GiB', async () => {
      const rssBefore = process.memoryUsage().rss;
      const { result, took } = await timed('gzipBomb');
      assert.equal(result.status, 200);
      assert.equal(result.headers['content-encoding'], 'gzip');
      assert.ok(took < 2000, `took ${took} ms`);
      assert.ok(Buffer.byteLength(result.bodySample) <= SAMPLE_LIMIT, `sample ${Buffer.byteLength(result.bodySample)}`);
      assert.ok(result.bodySample.length > 0, 'some of it decoded');
      assert.ok(result.bodyBytes < 16 * 1024 * 1024, `decoded ${result.bodyBytes} bytes`);
      assert.ok(process.memoryUsage().rss - rssBefore < 100 * 1024 * 1024, 'memory stayed flat');
      assert.equal(result.bodyTruncated, true, 'the decoded body was cut at the sample: truncated');
    });

    it('a response trickling one byte a second is response-timeout, at about the time limit', async () => {
      const { result, took } = await timed('trickle', { timeoutMs: 2000 });
      assert.equal(result.cause, 'response-timeout');
      assert.equal(result.failedPhase, 'http');
      assert.equal(result.error?.code, 'ETIMEDOUT');
      assert.equal(typeof result.timings.firstByte, 'number', 'the first byte did come');
      assert.ok(took >= 1900 && took < 2700, `took ${took} ms`);
    });

    it('a first byte later than the threshold is slow-response, and the delay shows in firstByte', async () => {
      const { result } = await timed('slowProbe', { slowFirstByteMs: 300 });
      assert.equal(result.cause, 'slow-response');
      assert.equal(result.status, 200);
      assert.ok(result.timings.firstByte! >= 550, `firstByte ${result.timings.firstByte}`);
      const quick = await timed('slowProbe', { slowFirstByteMs: 2000 });
      assert.equal(quick.result.cause, 'ok', 'under the threshold it is simply ok');
    });
  });

  describe('the CLI as a child: exits in time, prints the cause, stays small', { concurrency: 2 }, () => {
    const cases: [Name, string, number, ((report: JsonReport) => void)?][] = [
      ['closed', 'connect-refused', 2],
      ['neverAccept', 'connect-timeout', 2],
      ['reset', 'connect-reset', 2],
      ['empty', 'empty-response', 2],
      ['garbage', 'malformed-response', 2],
      ['endlessHeaders', 'malformed-response', 2],
      ['giganticHeader', 'malformed-response', 2],
      ['endlessBody', 'ok', 0, (report) => assert.equal(report.attempts[0]?.status, 200)],
      ['gzipBomb', 'ok', 0, (report) => assert.equal(report.attempts[0]?.status, 200)],
      ['trickle', 'response-timeout', 2],
      ['slowCli', 'slow-response', 1],
    ];

    for (const [name, cause, exitCode, check] of cases) {
      it(`${name}: ${cause}, exit ${exitCode}`, async (t) => {
        const run: MeasuredCliRun = await runCliMeasured(
          ['--json', '--retries', '1', '--timeout', String(CLI_TIMEOUT_S), url(name).href],
          { timeoutMs: (CLI_TIMEOUT_S + 10) * 1000 },
        );
        t.diagnostic(`${name}: peak RSS ${run.peakRssKb === null ? '?' : (run.peakRssKb / 1024).toFixed(1)} MB (${run.samples} samples), ${Math.round(run.wallMs)} ms`);
        assert.equal(run.killed, false, 'the CLI ended by itself');
        // Wall time includes starting Node, which a loaded CI machine slows; the bound that matters is
        // the diagnosis's own duration below. This one only catches a hang.
        assert.ok(run.wallMs < (CLI_TIMEOUT_S + 6) * 1000, `the CLI took ${Math.round(run.wallMs)} ms`);
        assert.equal(run.stderr, '', 'nothing on stderr');
        let report: JsonReport;
        try {
          report = JSON.parse(run.stdout) as JsonReport;
        } catch {
          assert.fail(`stdout is not one JSON object: ${run.stdout.slice(0, 500)}`);
        }
        assert.equal(report.verdict.cause, cause);
        assert.equal(report.attempts[0]?.cause, cause);
        assert.ok(report.durationMs < CLI_TIMEOUT_S * 1000 + 1000, `the diagnosis took ${report.durationMs} ms`);
        assert.equal(run.code, exitCode);
        check?.(report);
        assert.ok(run.samples > 0 && run.peakRssKb !== null, 'RSS was sampled');
        assert.ok(run.peakRssKb! < RSS_LIMIT_KB, `peak RSS ${run.peakRssKb} kB`);
      });
    }
  });
});
