import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ASSETS, clientAsset } from '../../src/serve/web/assets.js';

test('the bundled browser scripts and uPlot stylesheet are served under hashed names', () => {
  const script = clientAsset('local-time.js');
  assert.ok(script, 'dist/web/local-time.js was built and found');
  assert.match(script.path, /^\/assets\/local-time-[0-9a-f]{12}\.js$/);
  assert.equal(script.type, 'text/javascript; charset=utf-8');
  assert.match(script.body, /datetime/);
  assert.equal(ASSETS.get(script.path), script);
  const chartStyle = clientAsset('uplot.css');
  assert.ok(chartStyle && chartStyle.body.includes('.uplot'));
  assert.equal(clientAsset('nothing.js'), undefined);
});
