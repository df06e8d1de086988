import { once } from 'node:events';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for the tests: it accepts every message and keeps it, decoded
 * (Subject's encoded words, a quoted-printable or base64 text body), with its envelope recipients.
 */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

function decodeQuotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** RFC 2047: runs of adjacent encoded words are joined as bytes, so a character split between words survives. */
function decodeHeader(value: string): string {
  return value.replace(/=\?[^?]+\?[BbQq]\?[^?]*\?=(\s+=\?[^?]+\?[BbQq]\?[^?]*\?=)*/g, (run) => {
    const parts = [...run.matchAll(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g)].map(([, encoding, data]) =>
      encoding!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : decodeQuotedPrintable(data!.replace(/_/g, ' ')));
    return Buffer.concat(parts).toString('utf8');
  });
}

export function parseMail(raw: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const bytes = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  return { to, subject: decodeHeader(header('Subject')), text: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];
  private port = 0;
  private readonly server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    inbox.server.listen(0, '127.0.0.1');
    await once(inbox.server.server, 'listening');
    inbox.port = (inbox.server.server.address() as { port: number }).port;
    return inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** smtp:// to a port nothing listens on: a mail server that is down. */
export async function deadSmtpUrl(): Promise<string> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((done) => probe.close(() => done()));
  return `smtp://127.0.0.1:${port}`;
}
