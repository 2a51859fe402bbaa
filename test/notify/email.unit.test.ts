// Email against a real SMTP server (the smtp-server library) on loopback: the envelope, the
// headers and the text as a mail client would read them (parsed by mailparser), SMTP AUTH, and
// how refusals are judged.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import type { EmailTarget } from '../../src/serve/config/types.js';
import { incidentMessage, testMessage } from '../../src/serve/notify/message.js';
import { attempt } from '../../src/serve/notify/notifier.js';
import { createNotifier } from '../../src/serve/notify/registry.js';
import { closed, opened, refusedUrl } from './support.js';

interface Delivered {
  from: string;
  to: string[];
  user: string | undefined;
  mail: ParsedMail;
}

interface SmtpPeer {
  port: number;
  delivered: Delivered[];
  close(): Promise<void>;
}

/** Recipients starting with "full" get a temporary 452, "nobody" a permanent 550. */
async function startSmtp(credentials?: { user: string; pass: string }): Promise<SmtpPeer> {
  const delivered: Delivered[] = [];
  const server = new SMTPServer({
    logger: false,
    // Plain SMTP on loopback: offered STARTTLS, Nodemailer would upgrade and refuse the test's self-signed certificate.
    disabledCommands: credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !credentials,
    onAuth(auth, _session, callback) {
      if (credentials && auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const refuse = (code: number, text: string): void => callback(Object.assign(new Error(text), { responseCode: code }) as SMTPServerError);
      if (address.address.startsWith('full')) refuse(452, 'Mailbox full, try later');
      else if (address.address.startsWith('nobody')) refuse(550, 'No such user here');
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        delivered.push({ from, to: session.envelope.rcptTo.map((r) => r.address), user: session.user === undefined ? undefined : String(session.user), mail });
        callback();
      }, (error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, delivered, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function target(url: string, to = ['ops@example.com', 'Owner <owner@example.com>']): EmailTarget {
  return { name: 'mail', type: 'email', url, to, from: 'whydown <alerts@example.com>' };
}

describe('email over SMTP', () => {
  let peer: SmtpPeer;
  before(async () => { peer = await startSmtp(); });
  after(() => peer.close());

  it('sends the alert with its subject, headers and text; the reply is the detail', async () => {
    const message = incidentMessage({ event: 'incident.opened', data: opened() });
    const notifier = createNotifier(target(`smtp://127.0.0.1:${peer.port}`));
    const outcome = await attempt(notifier, message, 5_000);
    await notifier.close?.();
    assert.equal(outcome.ok, true, outcome.detail);
    assert.match(outcome.detail, /^SMTP 250 /);
    const got = peer.delivered.at(-1)!;
    assert.equal(got.from, 'alerts@example.com');
    assert.deepEqual(got.to, ['ops@example.com', 'owner@example.com']);
    const { mail } = got;
    assert.equal(mail.subject, '[whydown] shop is down');
    assert.deepEqual(mail.from?.value, [{ name: 'whydown', address: 'alerts@example.com' }]);
    assert.equal(mail.headers.get('x-whydown-event'), 'incident.opened');
    assert.equal(mail.headers.get('x-whydown-monitor'), 'shop');
    assert.match(String(mail.messageId), /^<incident-7\.shop\.\d+@example\.com>$/);
    const text = mail.text ?? '';
    assert.ok(text.startsWith(`${message.text}\n\nWhat to do:\n1. Start the application server`), text);
    assert.match(text, /^Cause: +upstream-refused \(at the origin hop\)$/m);
    assert.match(text, /^Error page written by: nginx$/m);
  });

  it('the recovery replies to the opening mail, so clients thread them', async () => {
    const notifier = createNotifier(target(`smtp://127.0.0.1:${peer.port}`));
    const open = await attempt(notifier, incidentMessage({ event: 'incident.opened', data: opened() }), 5_000);
    const close = await attempt(notifier, incidentMessage({ event: 'incident.closed', data: closed() }), 5_000);
    await notifier.close?.();
    assert.ok(open.ok && close.ok);
    const [first, second] = peer.delivered.slice(-2).map((d) => d.mail);
    assert.equal(second!.subject, '[whydown] shop is up again');
    assert.equal(second!.inReplyTo, first!.messageId);
    assert.match(second!.text ?? '', /^shop is up again after 12 min \(down since 10:02 UTC\)\./);
    assert.match(second!.text ?? '', /^Down for: +12 min$/m);
  });

  it('a temporary refusal (452) is retryable, a permanent one (550) is not', async () => {
    const notifier = createNotifier(target(`smtp://127.0.0.1:${peer.port}`, ['full@example.com']));
    const temporary = await attempt(notifier, testMessage('mail', null), 5_000);
    await notifier.close?.();
    assert.equal(temporary.ok, false);
    assert.equal(!temporary.ok && temporary.retryable, true, temporary.detail);
    assert.match(temporary.detail, /452 Mailbox full/);
    const other = createNotifier(target(`smtp://127.0.0.1:${peer.port}`, ['nobody@example.com']));
    const permanent = await attempt(other, testMessage('mail', null), 5_000);
    await other.close?.();
    assert.equal(!permanent.ok && permanent.retryable, false, permanent.detail);
    assert.match(permanent.detail, /550 No such user here/);
  });

  it('no SMTP server listening: retryable, says so', async () => {
    const url = (await refusedUrl()).replace('http:', 'smtp:');
    const notifier = createNotifier(target(url));
    const outcome = await attempt(notifier, testMessage('mail', null), 5_000);
    await notifier.close?.();
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.retryable, true);
    assert.match(outcome.detail, /ECONNREFUSED|ECONNECTION|ESOCKET/);
  });
});

describe('email with SMTP AUTH', () => {
  let peer: SmtpPeer;
  before(async () => { peer = await startSmtp({ user: 'alerts@example.com', pass: 's3cret' }); });
  after(() => peer.close());

  it('logs in with user:password from the URL (percent-encoded @)', async () => {
    const notifier = createNotifier(target(`smtp://alerts%40example.com:s3cret@127.0.0.1:${peer.port}`));
    const outcome = await attempt(notifier, testMessage('mail', null), 5_000);
    await notifier.close?.();
    assert.equal(outcome.ok, true, outcome.detail);
    assert.equal(peer.delivered.at(-1)!.user, 'alerts@example.com');
    assert.equal(peer.delivered.at(-1)!.mail.subject, '[whydown] whydown test alert');
  });

  it('a wrong password is final (535), not retried', async () => {
    const notifier = createNotifier(target(`smtp://alerts%40example.com:wrong@127.0.0.1:${peer.port}`));
    const outcome = await attempt(notifier, testMessage('mail', null), 5_000);
    await notifier.close?.();
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.retryable, false, outcome.detail);
    assert.match(outcome.detail, /535/);
  });
});
