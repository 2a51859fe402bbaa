// The small parts of the web side: the escaper, the shared rendering cache, badges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { badgeSvg } from '../../src/serve/web/badge.js';
import { escapeHtml } from '../../src/serve/web/escape.js';
import { PageCache } from '../../src/serve/web/page-cache.js';

describe('web parts', () => {
  it('escapeHtml makes any text safe in elements and attributes, and drops what XML forbids', () => {
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    assert.equal(escapeHtml('bell\u0007 tab\t line\n'), 'bell tab\t line\n');
    assert.equal(escapeHtml(42), '42');
    const svg = badgeSvg('<script>"x"</script>', 'a&b\u0000', 'down');
    assert.equal(XMLValidator.validate(svg), true);
    assert.ok(!svg.includes('<script>'));
  });

  it('PageCache renders once for concurrent and repeated requests within its time, again after, and afresh on a new generation', async () => {
    let clock = 1000;
    let renders = 0;
    const cache = new PageCache<string>(5000, () => clock);
    const make = async (): Promise<string> => `render ${++renders}`;
    const gen1 = {};
    const burst = await Promise.all(Array.from({ length: 50 }, () => cache.get(gen1, 'page', make)));
    assert.deepEqual(new Set(burst), new Set(['render 1']));
    clock += 4999;
    assert.equal(await cache.get(gen1, 'page', make), 'render 1');
    clock += 1;
    assert.equal(await cache.get(gen1, 'page', make), 'render 2');
    assert.equal(await cache.get({}, 'page', make), 'render 3', 'a reloaded config drops what was kept');
    assert.equal(await cache.get(gen1, 'other', make), 'render 4');
  });

  it('PageCache keeps no failure: the next request renders again', async () => {
    const cache = new PageCache<string>(5000, () => 0);
    const gen = {};
    await assert.rejects(cache.get(gen, 'page', () => Promise.reject(new Error('store away'))));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await cache.get(gen, 'page', async () => 'fine'), 'fine');
  });
});
