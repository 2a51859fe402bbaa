// Where the walkthrough's alerts go: `node examples/hook-receiver.mjs [port] [secret]` (defaults
// 9000 and change-me, as the ops-hook target of examples/whydown.yml) accepts whydown's webhook
// POSTs on 127.0.0.1, checks the X-Whydown-Signature, and prints one line per alert.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const port = Number(process.argv[2] ?? 9000);
const secret = process.argv[3] ?? 'change-me';

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
    const raw = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-whydown-signature'] ?? ''));
    const signed = given.length === expected.length && timingSafeEqual(given, expected);
    let alert;
    try {
      alert = JSON.parse(raw.toString('utf8'));
    } catch {
      res.statusCode = 400;
      res.end('not JSON\n');
      return;
    }
    console.log(`hook: ${alert.event} ${alert.monitor} (${signed ? 'signature ok' : 'BAD SIGNATURE'}): ${alert.text}`);
    res.statusCode = signed ? 204 : 401;
    res.end();
  });
}).listen(port, '127.0.0.1', () => console.log(`hook receiver: http://127.0.0.1:${port}/whydown`));
