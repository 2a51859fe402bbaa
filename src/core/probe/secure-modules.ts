// What secure.ts loads on the first https:// request.
export { handshake } from './tls-handshake.js';
export { exchangeHttp2 } from './http2.js';
