/**
 * A real SMTP server on 127.0.0.1 for the reminder tests (smtp-server + mailparser): it keeps every
 * message it accepts, refuses a recipient on demand, as a mail server refusing delivery does, and
 * stalls on demand, as a slow one does. startSmtp() also points the playground's e-mail provider
 * at it (SMTP_HOST, SMTP_PORT, SMTP_TIMEOUT_MS; read by playground/config/plugins.js when Strapi
 * loads), so call it before startApp().
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
  /**
   * Holds the answer to the next message to the address for `ms` after its data arrived. A message
   * is kept only if the client is still connected then to be told so (250); `started` resolves when
   * the hold begins, `ended` when the message was kept or dropped.
   */
  stall: (address: string, ms: number) => { started: Promise<void>; ended: Promise<'kept' | 'dropped'> };
  stop: () => Promise<void>;
}

/** How long the playground's e-mail provider waits on a silent mail server before it hangs up. */
export const SMTP_TIMEOUT_MS = 4000;

export const startSmtp = async (): Promise<Smtp> => {
  const received: Received[] = [];
  const refusals = new Map<string, number>();
  const stalls = new Map<string, { ms: number; start: () => void; end: (fate: 'kept' | 'dropped') => void }>();
  const closed = new Set<string>();
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
        .then(async (mail) => {
          const message = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          };
          const stall = message.to.map((to) => stalls.get(to)).find(Boolean);
          if (stall) {
            for (const to of message.to) stalls.delete(to);
            stall.start();
            await new Promise((resolve) => setTimeout(resolve, stall.ms));
            if (closed.has(session.id)) {
              stall.end('dropped');
              return callback(new Error('the client hung up'));
            }
            stall.end('kept');
          }
          received.push(message);
          callback();
        })
        .catch(callback);
    },
    onClose(session) {
      closed.add(session.id);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(port);
  process.env.SMTP_TIMEOUT_MS = String(SMTP_TIMEOUT_MS);
  return {
    port,
    received,
    to: (address) => received.filter((m) => m.to.includes(address.toLowerCase())),
    refuse: (address, times) => refusals.set(address.toLowerCase(), times),
    stall: (address, ms) => {
      let start!: () => void;
      let end!: (fate: 'kept' | 'dropped') => void;
      const started = new Promise<void>((resolve) => (start = resolve));
      const ended = new Promise<'kept' | 'dropped'>((resolve) => (end = resolve));
      stalls.set(address.toLowerCase(), { ms, start, end });
      return { started, ended };
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
