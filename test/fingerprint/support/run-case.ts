// Asking a running server for one case's response, the same way in the capture and the live test.
import type { Case } from '../servers/types.js';
import { fetchRaw, parseRaw, type RawResponse } from './raw-response.js';

export async function fetchCase(port: number, testCase: Case): Promise<{ raw: Buffer; response: RawResponse }> {
  let raw: Buffer = Buffer.alloc(0);
  for (let i = 0; i < (testCase.repeat ?? 1); i++) raw = await fetchRaw(port, testCase.path);
  return { raw, response: parseRaw(raw) };
}
