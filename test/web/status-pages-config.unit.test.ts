// `statusPages:` in whydown.yml: read into slug, title and monitors, and every mistake reported
// at its file:line:col like the rest of the config.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../src/serve/config/index.js';

const MONITORS = `monitors:
  - name: shop
    url: https://shop.example/
  - name: shop-api
    url: https://api.shop.example/
`;

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, 'whydown.yml');
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message.split('\n').filter((line) => line.startsWith('whydown.yml:'));
  }
  assert.fail('the config was accepted');
}

describe('config: statusPages', () => {
  it('reads each page with its monitors in order, the slug standing in for a missing title', () => {
    const config = parseConfig(`${MONITORS}statusPages:
  - slug: shop
    title: "  Shop status "
    monitors: [shop-api, shop, shop]
  - slug: api_2
    monitors: [shop-api]
`);
    assert.deepEqual(config.statusPages, [
      { slug: 'shop', title: 'Shop status', monitors: ['shop-api', 'shop'] },
      { slug: 'api_2', title: 'api_2', monitors: ['shop-api'] },
    ]);
    assert.deepEqual(parseConfig(MONITORS).statusPages, []);
  });

  it('names unknown monitors, repeated and malformed slugs, empty and missing lists, with file:line:col', () => {
    const lines = problems(`${MONITORS}statusPages:
  - slug: shop
    monitors: [shop, shpo]
  - slug: shop
    title: Again
    monitors: [shop]
  - slug: Shop.Status
    monitors: []
  - title: no slug
    monitors: [shop]
  - slug: extra
    monitors: [shop]
    private: [shop-api]
`);
    assert.deepEqual(lines, [
      'whydown.yml:8:22: statusPages[0].monitors[1]: "shpo" is not a monitor (did you mean "shop"?)',
      'whydown.yml:9:11: statusPages[1].slug: "shop" is already the slug of statusPages[0] (line 7); slugs must be unique',
      'whydown.yml:12:11: statusPages[2].slug: "Shop.Status" is not a valid slug (lower-case letters, digits, "_" and "-", starting with a letter or digit, at most 64)',
      'whydown.yml:13:15: statusPages[2].monitors: is empty; a status page shows at least one monitor',
      lines[4]!,
      lines[5]!,
    ]);
    assert.match(lines[4]!, /^whydown\.yml:14:5: statusPages\[3\]: .*slug/);
    assert.match(lines[5]!, /^whydown\.yml:18:5: statusPages\[4\]\.private: unknown key/);
  });
});
