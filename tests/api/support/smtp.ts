/**
 * A real SMTP server on 127.0.0.1 for the reminder tests (smtp-server + mailparser): it keeps every
 * message it accepts, and refuses a recipient on demand, as a mail server refusing delivery does.
 * startSmtp() also points the playground's e-mail provider at it (SMTP_HOST, SMTP_PORT; read by
 * playground/config/plugins.js when Strapi loads), so call it before startApp().
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  /** The envelope's recipients (RCPT TO), lower-cased. */
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface Smtp {
  port: number;
  received: Received[];
  /** Messages to an address (lower-cased), in arrival order. */
  to: (address: string) => Received[];
  /** Refuses RCPT TO for the address `times` times (Infinity: always). */
  refuse: (address: string, times: number) => void;
  stop: () => Promise<void>;
}

export const startSmtp = async (): Promise<Smtp> => {
  const received: Received[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const left = refusals.get(address.address.toLowerCase()) ?? 0;
      if (left > 0) {
        refusals.set(address.address.toLowerCase(), left - 1);
        const error = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(port);
  return {
    port,
    received,
    to: (address) => received.filter((m) => m.to.includes(address.toLowerCase())),
    refuse: (address, times) => refusals.set(address.toLowerCase(), times),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
