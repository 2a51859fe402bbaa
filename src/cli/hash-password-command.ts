// `whydown hash-password`: reads a password (a prompt that does not echo on a terminal, else the
// first line of stdin) and prints its scrypt hash for `ui.users[].passwordHash`.
import { hashPassword } from '../serve/web/dashboard/password.js';
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';
import { readHiddenLine, readFirstLine } from './read-secret.js';

const USAGE = `usage: whydown hash-password

Reads a password and prints its hash for the config's ui.users:
  ui:
    users:
      - name: admin
        passwordHash: "scrypt$32768$8$1$..."
On a terminal it asks twice without echoing; from a pipe it reads the first line
(echo "$PASSWORD" | whydown hash-password). Exit status: 0 printed, 3 usage error.`;

const MAX_PASSWORD = 1024;

export async function run(args: string[]): Promise<number> {
  if (parseCommand(args, 'hash-password', { help: { type: 'boolean', short: 'h' } }, USAGE) === null) return 0;
  let password: string;
  if (process.stdin.isTTY) {
    password = await readHiddenLine('Password: ');
    const again = await readHiddenLine('Again: ');
    if (again !== password) throw new WhydownError('E_USAGE', 'hash-password: the two passwords differ; nothing printed');
  } else {
    password = await readFirstLine(process.stdin, MAX_PASSWORD + 2);
  }
  if (password.length === 0) throw new WhydownError('E_USAGE', 'hash-password: the password is empty');
  if (password.length > MAX_PASSWORD) throw new WhydownError('E_USAGE', `hash-password: the password is longer than ${MAX_PASSWORD} characters`);
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}
