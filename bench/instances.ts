// Several instances of one backend on one Redis store (issue: "Several instances").
//  1. Four processes, each with its own client, against a loopback server that enforces 5/s and
//     200/min (sliding windows, 429 beyond), for BENCH_INSTANCES_SECONDS (60; 12 with BENCH_QUICK=1):
//     with the shared Redis store, then the same run with each process on its own local limiter.
//     Reports accepted requests vs the limit, 429 answers, and the notifyCall wait p50/p99.
//  2. BENCH_PAYMENT_RUNS (1000; 200 quick) randomised reportPayment runs with an idempotency key,
//     through injected faults (lost answers, refused and slow requests, failing reconciliations) and
//     instance kills: duplicate payments at the fake and payment ids lost must both be zero.
// Needs redis-server on the PATH (`apt-get install -y redis-server`). Run: `npx tsup && node bench/instances.ts`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { type AddressInfo, createConnection, createServer as createTcpServer } from 'node:net';
import {
  createAltegioClient,
  IdempotencyConflictError,
  OutcomeUnknownError,
  type Store,
  StoreUnavailableError,
} from 'altegio-marketplace';
import { createRedisStore } from 'altegio-marketplace/redis';
import { createFakeAltegio, type FakeFault } from 'altegio-marketplace/testing';
import { Redis } from 'ioredis';
import { PER_MINUTE, PER_SECOND, startStrictServer } from './strict-server.ts';
import type { BenchRow } from './types.ts';

const quick = process.env.BENCH_QUICK === '1';
const seconds = Number(process.env.BENCH_INSTANCES_SECONDS ?? (quick ? 12 : 60));
const paymentRuns = Number(process.env.BENCH_PAYMENT_RUNS ?? (quick ? 200 : 1000));
const WORKERS = Number(process.env.BENCH_INSTANCES_WORKERS ?? 4);
const NOTIFY_MS = Number(process.env.BENCH_INSTANCES_NOTIFY_MS ?? 20_000 / (quick ? 4 : 1)); // per worker: one every 5 s overall
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 200; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    await sleep(25);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

interface WorkerReport {
  /** How late after START_AT the worker began (it loaded too slowly when > 0). */
  late: number;
  issued: Record<string, number>;
  failures: number;
  rateLimited: number;
}

async function fourProcesses(redisUrl: string | undefined) {
  // Wall clock: the workers are other processes, and their issue times are compared with arrivals.
  const server = await startStrictServer(Date.now);
  const startAt = Date.now() + 5_000; // time for the processes to load and connect on a busy machine
  const children: ChildProcess[] = [];
  const reports = await Promise.all(
    Array.from({ length: WORKERS }, (_, index) => {
      const child = spawn(process.execPath, [new URL('./instances-worker.ts', import.meta.url).pathname], {
        env: {
          PATH: process.env.PATH ?? '',
          INDEX: String(index),
          WORKERS: String(WORKERS),
          SECONDS: String(seconds),
          NOTIFY_MS: String(NOTIFY_MS),
          QUEUED: '10',
          START_AT: String(startAt),
          PLATFORM: JSON.stringify(server.platform),
          ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      return new Promise<WorkerReport>((resolve, reject) =>
        child.once('exit', (code) =>
          code === 0
            ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'))
            : reject(new Error(`worker ${index} exited ${code}`)),
        ),
      );
    }),
  );
  server.close();
  // A worker that loaded too slowly for the common start shortens the run: shown next to the numbers.
  const late = Math.max(...reports.map((r) => r.late));
  const end = startAt + seconds * 1000;
  const inRun = server.accepted.filter((a) => a.at >= startAt && a.at < end).length;
  const issued = Object.assign({}, ...reports.map((r) => r.issued)) as Record<string, number>;
  const waits = server.accepted
    .filter((a) => a.command === 'event' && a.user !== undefined)
    .map((a) => a.at - (issued[a.user ?? ''] ?? a.at));
  return {
    inRun,
    allowed: Math.min(PER_SECOND * seconds, PER_MINUTE * Math.ceil(seconds / 60)),
    rejected: server.rejected(),
    rateLimitErrors: reports.reduce((n, r) => n + r.rateLimited, 0),
    failures: reports.reduce((n, r) => n + r.failures, 0),
    waits,
    notifications: Object.keys(issued).length,
    late,
  };
}

/** A store that stops answering once `kill()` is called, as an instance's link does when it dies. */
function killable(inner: Store): { store: Store; kill(): void } {
  let dead = false;
  const wrap =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A) =>
      dead ? Promise.reject(new Error('instance killed')) : method(...args);
  return {
    store: {
      setIfAbsent: wrap(inner.setIfAbsent),
      get: wrap(inner.get),
      compareAndSet: wrap(inner.compareAndSet),
      delete: wrap(inner.delete),
      limit: wrap(inner.limit),
    },
    kill: () => {
      dead = true;
    },
  };
}

async function paymentChaos(redisUrl: string) {
  const fake = createFakeAltegio({
    partnerToken: 'bench-partner-token-3e9a41',
    applicationId: 123,
    rateLimit: false,
  });
  fake.addInstallation({ locationId: 456 });
  const api = await fake.listen();
  const redis = new Redis(redisUrl);
  const shared = createRedisStore({ client: redis, prefix: 'chaos:' });
  // settleMs must cover how long Altegio may take to record a payment it received (the ledger's
  // contract): here the fake's injected { delayMs: 100 }, with room for this busy process's event loop.
  const ledger = { claimMs: 150, settleMs: 150, waitMs: 3_000 };
  const random = (n: number) => Math.floor(Math.random() * n);
  let kills = 0;
  let faults = 0;

  /** An instance; `hang` makes its request hang before or after it reaches Altegio, then it is killed. */
  const instance = (hang?: 'before' | 'after') => {
    const link = killable(shared);
    const fetchFor: typeof fetch = async (input, init) => {
      if (hang === 'before') return new Promise<Response>(() => {});
      const response = await fetch(input, init);
      if (hang === 'after') return new Promise<Response>(() => {});
      return response;
    };
    const client = createAltegioClient({
      partnerToken: 'bench-partner-token-3e9a41',
      applicationId: 123,
      platform: api.platform,
      rateLimit: false,
      retry: 0,
      timeout: 2_000,
      env: {},
      store: link.store,
      ledger,
      fetch: fetchFor,
    });
    return { client, kill: link.kill };
  };
  const faultKinds: FakeFault[] = [
    { drop: 'after' },
    { drop: true },
    { status: 500 },
    { status: 503 },
    { delayMs: 100 },
  ];

  const oneRun = async (n: number): Promise<{ id: number | undefined; sum: number }> => {
    const sum = 1000 + n; // unique per run, so the fake's payments tell runs apart
    const params = {
      locationId: 456,
      currencyIso: 'USD',
      paymentSum: sum,
      paymentDate: '2026-05-01 10:00:00',
      periodFrom: '2026-05-01 00:00:00',
      periodTo: '2026-05-31 23:59:59',
      idempotencyKey: `chaos-${n}`,
    };
    // Some instances race on the key; each may meet a fault or be killed mid-call.
    const racers = 1 + random(3);
    await Promise.all(
      Array.from({ length: racers }, async () => {
        const roll = random(10);
        if (roll < 2) {
          kills++;
          const doomed = instance(roll === 0 ? 'before' : 'after');
          void doomed.client.marketplace.reportPayment(params).catch(() => {});
          await sleep(5 + random(40));
          doomed.kill();
          return;
        }
        if (roll < 6) {
          faults++;
          const fault = faultKinds[random(faultKinds.length)] as FakeFault;
          const path = random(4) === 0 ? /^\/marketplace\/salon\// : '/marketplace/partner/payment';
          fake.failNext(1, fault, { path });
        }
        await instance()
          .client.marketplace.reportPayment(params)
          .catch(() => {});
      }),
    );
    // Then the caller retries with the same key until it holds a result, as a job queue would.
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const { paymentId } = await instance().client.marketplace.reportPayment(params);
        return { id: paymentId, sum };
      } catch (error) {
        const retryable =
          error instanceof OutcomeUnknownError ||
          error instanceof IdempotencyConflictError ||
          error instanceof StoreUnavailableError ||
          ['ServerError', 'ConnectionError', 'TimeoutError'].includes(
            (error as { name?: string }).name ?? '',
          );
        if (!retryable) throw error;
        await sleep(20);
      }
    }
    return { id: undefined, sum };
  };

  const results: { id: number | undefined; sum: number }[] = [];
  const started = performance.now();
  for (let batch = 0; batch < paymentRuns; batch += 50) {
    results.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(50, paymentRuns - batch) }, (_, i) => oneRun(batch + i)),
      )),
    );
  }
  await sleep(300); // requests of killed instances that were still on their way
  const ms = performance.now() - started;
  const payments = fake.payments(456);
  let duplicates = 0;
  let lost = 0;
  for (const { id, sum } of results) {
    const recorded = payments.filter((p) => p.paymentSum === sum);
    duplicates += Math.max(0, recorded.length - 1);
    if (id === undefined || recorded.length === 0 || recorded[0]?.id !== id) lost++;
  }
  redis.disconnect();
  await api.close();
  return { runs: results.length, duplicates, lost, kills, faults, payments: payments.length, ms };
}

export async function run(): Promise<BenchRow[]> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not installed (apt-get install -y redis-server)');
  }
  const redis = await startRedis();
  try {
    const shared = await fourProcesses(redis.url);
    const alone = await fourProcesses(undefined);
    const chaos = await paymentChaos(redis.url);
    const p50 = percentile(shared.waits, 50);
    const p99 = percentile(shared.waits, 99);
    const share = shared.inRun / shared.allowed;
    return [
      {
        name: `instances: 4 processes on one Redis store, accepted in ${seconds} s (saveCall backlog + notifyCall)`,
        value: `${shared.inRun} requests${shared.late > 50 ? ` (a worker started ${shared.late} ms late)` : ''}`,
        baseline: `limit ${shared.allowed}; without the store: ${alone.inRun} accepted`,
        ratio: Math.round(share * 1000) / 1000,
        target: '>= 0.95',
        pass: share >= 0.95,
      },
      {
        name: 'instances: 429 answers, shared store vs each process on its own limiter',
        value: `${shared.rejected} (RateLimitErrors: ${shared.rateLimitErrors})`,
        baseline: `${alone.rejected} (RateLimitErrors: ${alone.rateLimitErrors})`,
        target: '0 with the store',
        pass: shared.rejected === 0 && shared.failures === 0,
      },
      {
        name: `instances: notifyCall wait behind the shared backlog, p50 / p99 of ${shared.waits.length}`,
        value: `${p50.toFixed(0)} ms / ${p99.toFixed(0)} ms`,
        baseline: `without the store: ${percentile(alone.waits, 50).toFixed(0)} ms / ${percentile(alone.waits, 99).toFixed(0)} ms (${alone.waits.length} of ${alone.notifications} arrived)`,
        target: 'p99 <= 1000 ms',
        pass: shared.waits.length === shared.notifications && p99 <= 1000,
      },
      {
        name: `instances: ${chaos.runs} randomised reportPayment runs (${chaos.kills} instance kills, ${chaos.faults} faults)`,
        value: `${chaos.duplicates} duplicates, ${chaos.lost} lost ids (${chaos.payments} payments, ${(chaos.ms / 1000).toFixed(1)} s)`,
        target: '0 duplicates, 0 lost',
        pass: chaos.duplicates === 0 && chaos.lost === 0 && chaos.payments === chaos.runs,
      },
    ];
  } finally {
    await redis.stop();
  }
}

if (import.meta.main) {
  for (const r of await run()) {
    const extra = [r.baseline, r.ratio === undefined ? '' : `${r.ratio}x`, r.target && `target ${r.target}`]
      .filter(Boolean)
      .join('; ');
    console.log(`${r.pass === false ? 'FAIL' : 'ok  '} ${r.name}: ${r.value}${extra ? `; ${extra}` : ''}`);
  }
}
