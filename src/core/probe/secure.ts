// The TLS handshake and the HTTP/2 exchange, loaded only when a URL is https://. Node's tls and
// http2 modules take about 20 ms to load on a 2-core machine: a tenth of a whole diagnosis of a
// healthy http:// page, which never uses them.
export type SecureModules = typeof import('./secure-modules.js');

let loading: Promise<SecureModules> | null = null;

export function loadSecure(): Promise<SecureModules> {
  loading ??= import('./secure-modules.js');
  return loading;
}
