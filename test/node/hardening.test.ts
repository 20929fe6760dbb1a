import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { toNodeHandler } from 'altegio-marketplace/node';
import { createLifecycleBody } from 'altegio-marketplace/testing';
import { createLifecycleHandler, type LifecycleEvent } from 'altegio-marketplace/webhooks';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';

const base = { partnerToken: PARTNER_TOKEN, applicationId: APPLICATION_ID, locationId: 55 };
const json = { 'content-type': 'application/json' };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function lifecycle() {
  const events: LifecycleEvent[] = [];
  const errors: unknown[] = [];
  const handler = createLifecycleHandler({
    ...base,
    onUninstall: (e) => void events.push(e),
    onUnknown: (e) => void events.push(e),
    onError: (e) => void errors.push(e),
  });
  return { handler, events, errors };
}

async function listen(server: Server): Promise<{ url: string; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port };
}

/** Sends raw bytes and gives back what came before the server answered and closed (or `ms` passed). */
function raw(port: number, text: string, ms = 5000): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const done = () => {
      socket.destroy();
      const status = Number(out.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
      resolve({ status, body: out.slice(out.indexOf('\r\n\r\n') + 4), ms: Date.now() - started });
    };
    socket.on('data', (d) => {
      out += d.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', done);
    socket.setTimeout(ms, done);
    socket.write(text);
  });
}

const good = createLifecycleBody({ ...base, event: 'uninstall' });
const request = (method: string, headers: Record<string, string | number>, body = '') =>
  `${method} /altegio/callback HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\nConnection: close\r\n\r\n${body}`;

describe('toNodeHandler body sources', () => {
  it('reads the stream when an Express 4-style parser left req.body = {} without reading it', async () => {
    const h = lifecycle();
    const adapter = toNodeHandler(h.handler);
    // What body-parser 1.x (Express 4's express.urlencoded/text/raw) does for a type it skips.
    const { url } = await listen(
      createServer((req: IncomingMessage & { body?: unknown }, res) => {
        req.body = {};
        void adapter(req, res);
      }),
    );
    const response = await fetch(`${url}/altegio/callback`, { method: 'POST', headers: json, body: good });
    expect(response.status).toBe(200);
    expect(h.events).toMatchObject([{ event: 'uninstall', locationId: 55 }]);
  });

  it.each(['urlencoded', 'text', 'raw'] as const)(
    'works behind a global express.%s() (Express 5)',
    async (parser) => {
      const h = lifecycle();
      const app = express();
      app.use(parser === 'urlencoded' ? express.urlencoded({ extended: false }) : express[parser]());
      app.post('/altegio/callback', toNodeHandler(h.handler));
      const { url } = await listen(createServer(app));
      const response = await fetch(`${url}/altegio/callback`, { method: 'POST', headers: json, body: good });
      expect(response.status).toBe(200);
      expect(h.events).toHaveLength(1);
    },
  );
});

describe('toNodeHandler never rejects and never answers twice', () => {
  it('leaves an already-sent response alone under plain node:http', async () => {
    const h = lifecycle();
    const adapter = toNodeHandler(h.handler);
    const outcomes: Promise<unknown>[] = [];
    const { url } = await listen(
      createServer((req, res: ServerResponse) => {
        res.writeHead(503).end('busy');
        outcomes.push(
          adapter(req, res).then(
            () => 'resolved',
            () => 'rejected',
          ),
        );
      }),
    );
    const response = await fetch(url, { method: 'POST', headers: json, body: good });
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('busy');
    expect(await Promise.all(outcomes)).toEqual(['resolved']);
  });

  it('answers 500 {"error":"internal"} when the handler itself throws, without rejecting', async () => {
    const adapter = toNodeHandler(async () => {
      throw new Error('boom');
    });
    const outcomes: Promise<unknown>[] = [];
    const { url } = await listen(
      createServer((req, res) => void outcomes.push(adapter(req, res).then(() => 'resolved'))),
    );
    const response = await fetch(url, { method: 'POST', headers: json, body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal' });
    expect(await Promise.all(outcomes)).toEqual(['resolved']);
  });
});

describe('toNodeHandler with hostile requests', () => {
  async function nodeServer() {
    const h = lifecycle();
    return { h, ...(await listen(createServer(toNodeHandler(h.handler)))) };
  }

  it('ignores a bad Host header (the URL is built on a fixed base)', async () => {
    const { h, port } = await nodeServer();
    const answer = await raw(
      port,
      request(
        'POST',
        { Host: 'a b', 'Content-Type': 'application/json', 'Content-Length': good.length },
        good,
      ),
    );
    expect(answer.status).toBe(200);
    expect(h.events).toHaveLength(1);
  });

  it('answers 400 to a request target that is not a URL, and still serves afterwards', async () => {
    const { url, port } = await nodeServer();
    const answer = await raw(
      port,
      'POST http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'bad-request-target' });
    expect((await fetch(url, { method: 'POST', headers: json, body: good })).status).toBe(200);
  });

  it('answers 405 to TRACE', async () => {
    const { port } = await nodeServer();
    const answer = await raw(port, request('TRACE', { Host: 'x' }));
    expect(answer.status).toBe(405);
    expect(JSON.parse(answer.body)).toEqual({ error: 'method-not-allowed' });
  });

  it('answers 400 at once to a Content-Length over the limit, without waiting for the body', async () => {
    const { url, port } = await nodeServer();
    const answer = await raw(
      port,
      request('POST', { Host: 'x', 'Content-Type': 'application/json', 'Content-Length': 10_000_000 }, '{'),
    );
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: 'body-too-large' });
    expect(answer.ms).toBeLessThan(4000);
    expect((await fetch(url, { method: 'POST', headers: json, body: good })).status).toBe(200);
  });

  it('answers 400 to JSON too deep to re-serialise after express.json()', async () => {
    const h = lifecycle();
    const app = express();
    app.use(express.json());
    app.post('/altegio/callback', toNodeHandler(h.handler));
    const { url } = await listen(createServer(app));
    const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    const response = await fetch(`${url}/altegio/callback`, { method: 'POST', headers: json, body: deep });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'malformed-body' });
    expect(h.errors).toEqual([]);
  });

  it('answers 400 to JSON too deep to re-serialise after Fastify parsed it', async () => {
    const h = lifecycle();
    const app = Fastify();
    app.post('/altegio/callback', toNodeHandler(h.handler));
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const deep = `${'['.repeat(6000)}${']'.repeat(6000)}`;
    const response = await fetch(`${url}/altegio/callback`, { method: 'POST', headers: json, body: deep });
    expect(response.status).toBe(400);
    expect(
      (await fetch(`${url}/altegio/callback`, { method: 'POST', headers: json, body: good })).status,
    ).toBe(200);
  });
});
