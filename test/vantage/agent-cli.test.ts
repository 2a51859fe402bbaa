// `whydown agent` and `diagnose --from` refuse bad input in one line with exit 3, before connecting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../support/cli.js';

describe('whydown agent: usage errors', { concurrency: true }, () => {
  const cases: [string[], RegExp][] = [
    [['agent', '--hub', 'ftp://hub', '--token', 'x', '--name', 'fra-1'], /--hub must be an http:\/\/ or https:\/\/ URL, not ftp:/],
    [['agent', '--hub', 'not a url', '--token', 'x', '--name', 'fra-1'], /--hub "not a url" is not a URL/],
    [['agent', '--hub', 'http://127.0.0.1:1'], /--hub, --token \(or WHYDOWN_AGENT_TOKEN\) and --name are all needed/],
    [['agent', '--hub', 'http://127.0.0.1:1', '--token', 'x', '--name', 'a', '--spool-max', '0'], /--spool-max wants a whole number/],
    [['agent', '--hbu', 'x'], /unknown option `--hbu`; did you mean `--hub`\?/],
    [['diagnose', 'http://127.0.0.1:1/', '--from', 'fra-1'], /--from needs --hub/],
    [['diagnose', 'http://127.0.0.1:1/', '--from', 'Fra 1', '--hub', 'http://127.0.0.1:1'], /--from wants vantage names/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' '), async () => {
      const run = await runCli(args, { env: { WHYDOWN_AGENT_TOKEN: '' } });
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    });
  }
});
