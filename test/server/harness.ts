// An API server on 127.0.0.1:0 over a real SQLite store in a temp dir, and a small client for it.
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { createApiServer, type ApiServer, type ApiServerOptions } from '../../src/serve/api/api.js';
import type { ApiConfig } from '../../src/serve/config/types.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { Store } from '../../src/serve/store/types.js';
import { makeTempDir } from '../support/cleanup.js';
import { StoreBackedServiceDouble } from './service-double.js';

export const TOKEN = 'test-token-0123456789';

export interface Harness {
  base: string;
  port: number;
  store: Store;
  service: StoreBackedServiceDouble;
  api: ApiServer;
  /** Change what the server reads as api config (as a reload would). */
  apiConfig: ApiConfig;
  logged: string[];
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
}

export interface CallOptions {
  /** null: no Authorization header. Default: the test token. */
  token?: string | null;
  /** A value is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, when it is JSON. */
  json: unknown;
}

export interface HarnessOptions extends Partial<Pick<ApiServerOptions, 'maxMonitorSeries' | 'bodyLimit' | 'env'>> {
  yaml?: string;
  apiConfig?: ApiConfig;
}

export async function startHarness(t: TestContext, options: HarnessOptions = {}): Promise<Harness> {
  const dir = await makeTempDir('api');
  const store = await openSqliteStore(path.join(dir, 'whydown.db'));
  const service = await StoreBackedServiceDouble.create(store, options.yaml);
  const logged: string[] = [];
  const holder = { apiConfig: options.apiConfig ?? { tokens: [TOKEN], publicRead: false } };
  const api = createApiServer({
    service,
    api: () => holder.apiConfig,
    env: options.env ?? {},
    log: (line) => logged.push(line),
    ...(options.maxMonitorSeries === undefined ? {} : { maxMonitorSeries: options.maxMonitorSeries }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
  const port = (api.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  t.after(async () => {
    await api.close();
    await store.close().catch(() => {}); // a test may have closed it on purpose
    await rm(dir, { recursive: true, force: true });
  });
  const harness: Harness = {
    base, port, store, service, api, logged,
    get apiConfig() { return holder.apiConfig; },
    set apiConfig(value: ApiConfig) { holder.apiConfig = value; },
    call: clientFor(base),
  };
  return harness;
}

/** Calls the server at `base` with fetch (keep-alive), with the test token unless told otherwise. */
export function clientFor(base: string): Harness['call'] {
  return async (method, urlPath, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    const token = callOptions.token === undefined ? TOKEN : callOptions.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (callOptions.body !== undefined) {
      body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${base}${urlPath}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let json: unknown;
    if (text !== '' && response.headers.get('content-type')?.startsWith('application/json')) json = JSON.parse(text);
    return { status: response.status, headers: response.headers, text, json };
  };
}

/** The `error` of a JSON error answer. */
export function errorOf(answer: Answer): { code: string; message: string; issues?: { path: string; message: string }[] } {
  const body = answer.json as { error?: { code: string; message: string; issues?: { path: string; message: string }[] } } | undefined;
  if (!body?.error) throw new Error(`not an error answer: ${answer.status} ${answer.text.slice(0, 200)}`);
  return body.error;
}
