// Who may call: `Authorization: Bearer <token>` with a token from the config's api.tokens or
// WHYDOWN_API_TOKEN. Reads go without a token when api.publicRead is true; writes never do.
// The config is read at each request (it reloads at run time); so is the environment variable.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiConfig } from '../config/types.js';
import { ApiError } from './errors.js';

export type Access = 'public' | 'read' | 'write';

export interface AuthOptions {
  api: () => ApiConfig;
  /** Where WHYDOWN_API_TOKEN is looked up; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export const ENV_TOKEN = 'WHYDOWN_API_TOKEN';

/** Returns null when the request may go on, else the 401 to answer. */
export function createAuthorizer(options: AuthOptions): (headers: IncomingHttpHeaders, access: Access) => ApiError | null {
  const env = options.env ?? process.env;
  return (headers, access) => {
    if (access === 'public') return null;
    const api = options.api();
    const header = headers.authorization;
    // A public read needs no token, but a token that is sent must be right: a client with a
    // wrong one should learn it on its first read, not on its first write.
    if (header === undefined && access === 'read' && api.publicRead) return null;
    const tokens = [...api.tokens, env[ENV_TOKEN] ?? ''].filter((token) => token !== '');
    if (header === undefined) return unauthorized(tokens.length === 0 ? NO_TOKENS : 'this call needs an API token: Authorization: Bearer <token>');
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (match === null) return unauthorized('the Authorization header must be "Bearer <token>"');
    if (!tokenMatches(match[1]!, tokens)) return unauthorized(tokens.length === 0 ? NO_TOKENS : 'the API token is not valid');
    return null;
  };
}

const NO_TOKENS = 'no API token is configured on the server (api.tokens in the config, or WHYDOWN_API_TOKEN)';

const unauthorized = (message: string): ApiError => new ApiError(401, 'unauthorized', message);

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant time: the digests have one length whatever the tokens' lengths, and every token is
 * compared, so the time tells neither how much of a token matched nor which one.
 */
export function tokenMatches(presented: string, tokens: readonly string[]): boolean {
  const given = digest(presented);
  let matched = false;
  for (const token of tokens) {
    if (timingSafeEqual(given, digest(token))) matched = true;
  }
  return matched;
}
