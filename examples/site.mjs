// Something for the README's walkthrough to watch: `node examples/site.mjs [port]` (default
// 8000) answers `ok` on / and {"status":"ok"} on /health, on 127.0.0.1 only. Stop it (kill, or
// Ctrl-C) and the monitors of examples/whydown.yml open incidents.
import http from 'node:http';

const port = Number(process.argv[2] ?? 8000);
http.createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/health') {
    res.setHeader('content-type', 'application/json');
    res.end('{"status":"ok"}\n');
  } else if (path === '/') {
    res.end('ok\n');
  } else {
    res.statusCode = 404;
    res.end('not found\n');
  }
}).listen(port, '127.0.0.1', () => console.log(`site: http://127.0.0.1:${port}/`));
