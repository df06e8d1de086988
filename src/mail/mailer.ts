import nodemailer from 'nodemailer';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * SMTP when SMTP_URL is set; otherwise each message is written to the log (the operator can read
 * a reset link there on a closed network with no mail server).
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, log: Pick<FastifyBaseLogger, 'info'>): Mailer {
  if (!config.smtpUrl) {
    return {
      async send(mail) {
        log.info({ mail: { to: mail.to, subject: mail.subject, text: mail.text } }, 'e-mail (SMTP_URL unset, not sent)');
      },
    };
  }
  // Bounded waits: a stalled server must not hold the outbox worker's connections for minutes.
  const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
