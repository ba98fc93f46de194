/**
 * The README's SMTP snippet ("E-mail set-up"), as a user copies it into config/plugins.js, sends
 * through a real SMTP server on 127.0.0.1: to a relay that takes mail without a login, and, with
 * SMTP_USERNAME and SMTP_PASSWORD set, to one that asks for it; through Strapi's nodemailer provider,
 * as Strapi's email plugin calls it.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import provider from '@strapi/provider-email-nodemailer';
import { SMTPServer } from 'smtp-server';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### E-mail set-up'));
const snippet = /```js\n([\s\S]*?)```/.exec(section)![1];

/** The snippet's e-mail provider options, as Strapi would load them with these variables set. */
const providerOptions = (vars: Record<string, string>) => {
  const env = Object.assign((name: string, fallback?: string) => vars[name] ?? fallback, {
    int: (name: string, fallback?: number) => (vars[name] === undefined ? fallback : Number(vars[name])),
    bool: (name: string, fallback?: boolean) => (vars[name] === undefined ? fallback : vars[name] === 'true'),
  });
  const module = { exports: undefined as unknown };
  new Function('module', snippet)(module);
  return (module.exports as (a: { env: typeof env }) => { email: { config: { providerOptions: Record<string, unknown> } } })({ env }).email.config
    .providerOptions;
};

const relay = async (login: { user: string; pass: string } | null) => {
  const logins: string[] = [];
  const server = new SMTPServer({
    authOptional: login === null,
    disabledCommands: login === null ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? '');
      if (login && auth.username === login.user && auth.password === login.pass) return callback(null, { user: auth.username });
      callback(new Error('Invalid login'));
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as AddressInfo).port, logins, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

const send = (options: Record<string, unknown>) =>
  provider
    .init(options as Parameters<typeof provider.init>[0], { defaultFrom: 'licenses@example.com', defaultReplyTo: 'it@example.com' })
    .send({ to: 'it@example.com', subject: 'Renewal', text: 'Office expires soon' });

it('sends through a relay without a login when SMTP_USERNAME is not set', async () => {
  const server = await relay(null);
  try {
    const options = providerOptions({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(server.port) });
    expect(options).not.toHaveProperty('auth');
    const info = await send(options);
    expect(info.accepted).toEqual(['it@example.com']);
  } finally {
    await server.stop();
  }
});

it('logs in to a relay that asks for it when SMTP_USERNAME and SMTP_PASSWORD are set', async () => {
  const server = await relay({ user: 'mailer', pass: 's3cret' });
  try {
    const options = providerOptions({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(server.port), SMTP_USERNAME: 'mailer', SMTP_PASSWORD: 's3cret' });
    const info = await send(options);
    expect(info.accepted).toEqual(['it@example.com']);
    expect(server.logins).toEqual(['mailer']);
  } finally {
    await server.stop();
  }
});
