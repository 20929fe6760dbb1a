import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWebhookInbox, createWebhookWorker } from 'altegio-marketplace/redis';
import { createLifecycleBody } from 'altegio-marketplace/testing';
import { createLifecycleHandler } from 'altegio-marketplace/webhooks';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';
import { describeRedis, type RedisServer, startRedisServer } from '../redis-server';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Inside node_modules, so the bundle finds bullmq and ioredis there.
const outdir = `${root}node_modules/.cache/inbox-test`;
const script = `${outdir}/worker-child.mjs`;

interface Child {
  proc: ChildProcess;
  output: string[];
  printed(text: string, ms?: number): Promise<void>;
}

function startWorker(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  return {
    proc,
    output,
    async printed(text, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (!output.includes(text)) {
        if (Date.now() > deadline || proc.exitCode !== null) {
          throw new Error(`worker did not print "${text}"; output:\n${output.join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

function kill9(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return resolve();
    child.proc.once('exit', () => resolve());
    child.proc.kill('SIGKILL');
  });
}

describeRedis('a worker killed mid-callback', () => {
  let redis: RedisServer;
  const children: Child[] = [];
  beforeAll(async () => {
    mkdirSync(outdir, { recursive: true });
    await build({
      entryPoints: [`${root}test/inbox/worker-child.ts`],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: script,
      external: ['bullmq', 'ioredis'],
      logLevel: 'silent',
    });
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const child of children) await kill9(child);
    await redis.stop();
  });

  it('does not lose the event: another worker runs it again (kill -9)', async () => {
    const env = { REDIS_URL: redis.url, PREFIX: 'kill' };
    const doomed = startWorker({ ...env, HANG: '1' });
    children.push(doomed);
    await doomed.printed('ready');

    const inbox = createWebhookInbox({ connection: redis.url, prefix: 'kill' });
    try {
      const handler = createLifecycleHandler({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        inbox,
      });
      const body = createLifecycleBody({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        locationId: 77,
        event: 'uninstall',
      });
      const response = await handler(
        new Request('https://vendor.example/cb', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }),
      );
      expect(response.status).toBe(200);
    } finally {
      await inbox.close();
    }

    await doomed.printed('started 77');
    await kill9(doomed);
    expect(doomed.output).not.toContain('done 77');

    const rescuer = startWorker(env);
    children.push(rescuer);
    await rescuer.printed('done 77');
    expect(rescuer.output.filter((line) => line === 'started 77')).toHaveLength(1);
  });

  it('makes an event whose worker died twice a dead letter, not a third crash', async () => {
    const env = { REDIS_URL: redis.url, PREFIX: 'poison' };
    const first = startWorker({ ...env, HANG: '1' });
    children.push(first);
    await first.printed('ready');
    const inbox = createWebhookInbox({ connection: redis.url, prefix: 'poison' });
    const lister = createWebhookWorker({ inbox });
    try {
      const handler = createLifecycleHandler({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        inbox,
      });
      const body = createLifecycleBody({
        partnerToken: PARTNER_TOKEN,
        applicationId: APPLICATION_ID,
        locationId: 88,
        event: 'uninstall',
      });
      const request = new Request('https://vendor.example/cb', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect((await handler(request)).status).toBe(200);
      await first.printed('started 88');
      await kill9(first);

      const second = startWorker({ ...env, HANG: '1' });
      children.push(second);
      await second.printed('started 88');
      await kill9(second);

      const survivor = startWorker(env);
      children.push(survivor);
      await survivor.printed('ready');
      const deadline = Date.now() + 15_000;
      while ((await lister.deadLetters()).length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const letters = await lister.deadLetters();
      expect(letters).toHaveLength(1);
      expect(letters[0]?.event).toEqual({
        kind: 'lifecycle',
        event: { event: 'uninstall', locationId: 88, applicationId: APPLICATION_ID },
      });
      expect(survivor.output).not.toContain('started 88');
    } finally {
      await lister.close();
      await inbox.close();
    }
  });
});
