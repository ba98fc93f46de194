/** An HTTP receiver on 127.0.0.1 for webhook deliveries: every request's event header and JSON body. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { unique, type TestApp } from './app';

export interface Delivery {
  event: string;
  body: Record<string, any>;
  raw: string;
}

export const startReceiver = async () => {
  const deliveries: Delivery[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += String(c)));
    req.on('end', () => {
      deliveries.push({ event: String(req.headers['x-strapi-event']), body: JSON.parse(raw || '{}'), raw });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    deliveries,
    /** The deliveries about one license (by documentId), or for one event. */
    about: (documentId: string) => deliveries.filter((d) => d.body.license?.documentId === documentId),
    /** Waits until `done` holds, then a little longer, so a delivery too many would be there too. */
    settle: async (done: () => boolean, timeout = 10000) => {
      const end = Date.now() + timeout;
      while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 400));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Subscribes a webhook to `url` for `events` through Strapi's admin API; the test fails unless it is created. */
export const subscribe = async (app: TestApp, url: string, name: string, events: string[]): Promise<void> => {
  const hook = await app
    .http()
    .post('/admin/webhooks')
    .set('Authorization', `Bearer ${app.adminToken}`)
    .send({ name: unique(name), url, headers: {}, events });
  expect(hook.status).toBe(201);
};
