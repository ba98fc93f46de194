/**
 * A second Strapi process on the test database (tests/api/support/serve.js), for the tests that
 * need two processes or a process with other settings: resolves once it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { startApp, type TestApp } from './app';

const SERVE = path.join(__dirname, 'serve.js');

export const serve = (env: NodeJS.ProcessEnv) =>
  new Promise<ChildProcess>((resolve, reject) => {
    const child = spawn(process.execPath, [SERVE], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr!.on('data', (c) => (output += String(c)));
    const timer = setTimeout(() => reject(new Error('the second Strapi did not start in 90 s')), 90000);
    child.stdout!.on('data', (chunk) => {
      if (String(chunk).includes('ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`the second Strapi exited with ${code}:\n${output}`)));
  });

/** Stops it, and waits until it has exited. */
export const stop = (child: ChildProcess | undefined) =>
  new Promise<void>((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** A loopback port no process listens on now: the suites of the three databases run side by side. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * A suite on two processes: this file's app and a second Strapi on the same database, started
 * before its tests and stopped after. `other()` sends to the second one.
 */
export const withSecondProcess = (timeout = 90000) => {
  const both = { app: undefined as unknown as TestApp, port: 0, other: () => request(`http://127.0.0.1:${both.port}`) };
  let second: ChildProcess | undefined;
  beforeAll(async () => {
    both.port = await freePort();
    both.app = await startApp();
    second = await serve({ ...process.env, PORT: String(both.port), HOST: '127.0.0.1' });
  }, timeout);
  afterAll(async () => {
    await stop(second);
    await both.app?.stop();
  });
  return both;
};
