// Instances killed with SIGKILL between "claimed" and "sent", and between "sent" and "recorded": the
// next instance with the same key reconciles, so each payment exists exactly once at the fake.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createFakeAltegio, type FakeAltegio, type FakeAltegioServer } from 'altegio-marketplace/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APPLICATION_ID, PARTNER_TOKEN } from '../helpers';
import { describeRedis, type RedisServer, startRedisServer } from '../redis-server';
import { payment } from '../store/ledger-suite';

const root = new URL('../../', import.meta.url).pathname;

interface Instance {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line starting with `prefix`. */
  line(prefix: string): Promise<string>;
}

describeRedis('instances killed mid-payment (separate processes, real redis-server)', () => {
  let redis: RedisServer;
  let fake: FakeAltegio;
  let api: FakeAltegioServer;
  beforeAll(async () => {
    if (!existsSync(`${root}dist/redis.js`))
      throw new Error('dist/redis.js is missing: run `npx tsup` first.');
    redis = await startRedisServer();
    fake = createFakeAltegio({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      rateLimit: false,
    });
    fake.addInstallation({ locationId: 456 });
    api = await fake.listen();
  });
  afterAll(async () => {
    await api?.close();
    await redis?.stop();
  });

  const start = (mode: string, params: object): Instance => {
    const child = spawn(process.execPath, ['test/redis/fixtures/payer.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        MODE: mode,
        REDIS_URL: redis.url,
        PLATFORM: JSON.stringify(api.platform),
        PARTNER_TOKEN,
        APPLICATION_ID: String(APPLICATION_ID),
        PAYMENT: JSON.stringify(params),
        CLAIM_MS: '600',
        SETTLE_MS: '300',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    const waiters: (() => void)[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      for (const wake of waiters.splice(0)) wake();
    });
    const line = (prefix: string) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no "${prefix}" line; got ${lines.join(' | ')}`)),
          15_000,
        );
        const look = () => {
          const found = lines.find((l) => l.startsWith(prefix));
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(look);
        };
        look();
      });
    return { child, lines, line };
  };
  const kill = async ({ child }: Instance) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };

  it('kills two instances, one before and one after sending; the next instances pay each exactly once', async () => {
    const neverSent = payment();
    const sentThenKilled = payment();
    const a = start('hang-before-send', neverSent);
    const b = start('hang-after-send', sentThenKilled);
    await Promise.all([a.line('claimed'), b.line('sent')]);
    await Promise.all([kill(a), kill(b)]);
    expect(fake.payments(456).map((p) => p.paymentSum)).toEqual([sentThenKilled.paymentSum]);

    const [c, d] = [start('normal', neverSent), start('normal', sentThenKilled)];
    const [first, second] = await Promise.all([c.line('done'), d.line('done')]);
    const payments = fake.payments(456);
    expect(payments).toHaveLength(2);
    const byKey = (sum: number) => payments.find((p) => p.paymentSum === sum)?.id;
    expect(first).toBe(`done ${JSON.stringify({ paymentId: byKey(neverSent.paymentSum as number) })}`);
    // Reconciled, not re-sent: the id is the one the killed instance's request created.
    expect(second).toBe(`done ${JSON.stringify({ paymentId: byKey(sentThenKilled.paymentSum as number) })}`);
    // B's request and C's: A never sent, D only read the installation.
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });
});
