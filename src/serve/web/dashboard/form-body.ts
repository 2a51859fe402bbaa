// Reading a form post (application/x-www-form-urlencoded), bounded like the API's JSON bodies.
import type { IncomingMessage } from 'node:http';
import { readBody } from '../../api/body.js';

export const FORM_LIMIT = 64 * 1024;

export class FormError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'FormError';
  }
}

export async function readForm(req: IncomingMessage, limit = FORM_LIMIT): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new FormError(415, 'this form takes application/x-www-form-urlencoded');
  let body: Buffer;
  try {
    body = await readBody(req, limit);
  } catch {
    throw new FormError(413, `the form is larger than ${limit} bytes or ended early`);
  }
  return new URLSearchParams(body.toString('utf8'));
}
