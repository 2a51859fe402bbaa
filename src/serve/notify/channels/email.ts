// Email over SMTP with Nodemailer (nodemailer.com/smtp). `url` is an SMTP URL as Nodemailer reads
// it: smtp://user:password@host:587 (STARTTLS when the server offers it) or smtps://host:465
// (TLS from the start); query options such as ?tls.rejectUnauthorized=false pass through.
// Nodemailer is imported on the first mail, so a config without email never loads it.
import { hostname } from 'node:os';
import type { Mail, NodemailerError, SMTPSentMessageInfo, SMTPTransportOptions } from 'nodemailer';
import type { EmailTarget } from '../../config/types.js';
import type { AlertMessage } from '../message.js';
import { abortedOutcome, errorText, failure, type DeliveryOutcome, type Notifier } from '../notifier.js';
import { facts, fixesOf } from './layout.js';

type Transport = Mail<SMTPSentMessageInfo, SMTPTransportOptions>;

export function emailSubject(message: AlertMessage): string {
  return `[whydown] ${message.title}`;
}

export function emailText(message: AlertMessage): string {
  const fixes = fixesOf(message);
  const lines = [message.text, ''];
  if (fixes.length > 0) lines.push('What to do:', ...fixes.map((fix, i) => `${i + 1}. ${fix}`), '');
  const rows = facts(message);
  const width = Math.max(...rows.map(([label]) => label.length));
  lines.push(...rows.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`), '', '-- ', 'Sent by whydown');
  return lines.join('\n');
}

/**
 * The opening mail's Message-ID, and the later ones' In-Reply-To: mail clients thread an
 * incident's opening, changes and recovery together.
 */
export function threadId(message: AlertMessage, from: string): string | undefined {
  if (!message.incident) return undefined;
  const domain = /@([^\s>]+)>?$/.exec(from)?.[1] ?? hostname();
  return `<incident-${message.incident.id}.${message.monitor}.${Date.parse(message.incident.openedAt)}@${domain}>`;
}

export function createEmailNotifier(target: EmailTarget): Notifier {
  let transport: Transport | undefined;
  let transportTimeout = 0;

  const getTransport = async (timeoutMs: number): Promise<Transport> => {
    if (transport && transportTimeout === timeoutMs) return transport;
    transport?.close();
    const nodemailer = await import('nodemailer');
    // Nodemailer takes no AbortSignal: its own limits end a stuck session at the attempt's limit.
    transport = nodemailer.createTransport({ url: target.url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
    transportTimeout = timeoutMs;
    return transport;
  };

  return {
    target,
    async send(message, context): Promise<DeliveryOutcome> {
      const mailer = await getTransport(context.timeoutMs);
      if (context.signal.aborted) return abortedOutcome(context.signal, context.timeoutMs);
      const thread = threadId(message, target.from);
      try {
        const info = await mailer.sendMail({
          from: target.from,
          to: target.to,
          subject: emailSubject(message),
          text: emailText(message),
          headers: { 'X-Whydown-Event': message.event, 'X-Whydown-Monitor': message.monitor },
          ...(thread && message.event === 'incident.opened' ? { messageId: thread } : {}),
          ...(thread && message.event !== 'incident.opened' ? { inReplyTo: thread, references: [thread] } : {}),
        });
        if (info.rejected.length > 0) {
          return { ok: true, detail: `SMTP ${info.response} (refused for ${info.rejected.map(String).join(', ')})` };
        }
        return { ok: true, detail: `SMTP ${info.response}` };
      } catch (error) {
        if (context.signal.aborted) return abortedOutcome(context.signal, context.timeoutMs);
        return smtpFailure(error);
      }
    },
    async close() {
      transport?.close();
      transport = undefined;
    },
  };
}

/** Nodemailer marks SMTP replies `permanent` (5xx but 503); without a reply the code tells. */
function smtpFailure(error: unknown): DeliveryOutcome {
  const e: Partial<NodemailerError> = typeof error === 'object' && error !== null ? error : {};
  const code = e.code;
  const detail = `SMTP ${e.response ?? errorText(error)}${code ? ` (${code})` : ''}`;
  if (typeof e.permanent === 'boolean') return failure(detail, !e.permanent);
  // Wrong credentials, a refused sender or recipient, a TLS certificate: retrying changes nothing.
  const final = code === 'EAUTH' || code === 'EENVELOPE' || code === 'EMESSAGE' || code === 'ETLS' || code === 'ECONFIG';
  return failure(detail, !final);
}
