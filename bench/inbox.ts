// Durable webhook receipt across instances: 1,000 identical `payment` deliveries sent at once, spread
// over 4 handler processes. In inbox mode (one Redis, BullMQ dedupe) the worker must run the callback
// exactly once; the same burst in direct mode (each process with its own in-memory seen store) is
// shown beside it, so the duplicates the inbox avoids are visible.
// Run: `npx tsup && node bench/inbox.ts` (needs redis-server; imports the BUILT package).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createWebhookInbox, createWebhookWorker } from 'altegio-marketplace/redis';
import { createPaymentBody } from 'altegio-marketplace/testing';
import type { BenchRow } from './types.ts';

const PARTNER_TOKEN = 'bench-partner-token-5f2b9c1e7a';
const APPLICATION_ID = 123;
const DELIVERIES = 1_000;
const INSTANCES = 4;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function started(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start within 10 s: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] ?? '');
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

async function startRedis(): Promise<{ url: string; stop(): void }> {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await started(child, /(Ready to accept connections)/);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function instances(env: Record<string, string>): Promise<{ ports: number[]; stop(): void }> {
  const children = Array.from({ length: INSTANCES }, () =>
    spawn(process.execPath, [new URL('./inbox-instance.ts', import.meta.url).pathname], {
      env: { PATH: process.env.PATH ?? '', PARTNER_TOKEN, APPLICATION_ID: String(APPLICATION_ID), ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const ports = await Promise.all(children.map((child) => started(child, /listening (\d+)/).then(Number)));
  return {
    ports,
    stop: () => {
      for (const child of children) child.kill('SIGTERM');
    },
  };
}

/** Sends the same body DELIVERIES times at once, round-robin over the ports; statuses and latencies. */
async function burst(ports: number[], body: string) {
  const latencies: number[] = [];
  const statuses = await Promise.all(
    Array.from({ length: DELIVERIES }, async (_, i) => {
      const t0 = performance.now();
      const response = await fetch(`http://127.0.0.1:${ports[i % ports.length]}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      return response.status;
    }),
  );
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ok: statuses.filter((status) => status === 200).length, p50: pick(0.5), p99: pick(0.99) };
}

export async function run(): Promise<BenchRow[]> {
  const redis = await startRedis();
  const rows: BenchRow[] = [];
  try {
    const body = await createPaymentBody({
      partnerToken: PARTNER_TOKEN,
      applicationId: APPLICATION_ID,
      locationId: 55,
      paymentId: 4242,
      amount: '100.50',
    });

    // Inbox mode: 4 handler processes store into one Redis; one worker runs the callbacks.
    const inboxMode = await instances({ REDIS_URL: redis.url, PREFIX: 'bench' });
    let calls = 0;
    let first = 0;
    const inbox = createWebhookInbox({ connection: redis.url, prefix: 'bench' });
    const worker = createWebhookWorker({
      inbox,
      onPayment() {
        calls += 1;
        first ||= performance.now();
      },
    });
    await worker.start();
    const t0 = performance.now();
    const stored = await burst(inboxMode.ports, body);
    // Settle: anything a duplicate would have queued has run by now.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await worker.close();
    await inbox.close();
    inboxMode.stop();
    rows.push(
      {
        name: `inbox: ${DELIVERIES} identical payment deliveries at once over ${INSTANCES} handler processes, callbacks run`,
        value: `${calls} (${stored.ok} × 200)`,
        target: `exactly 1, and ${DELIVERIES} × 200`,
        pass: calls === 1 && stored.ok === DELIVERIES,
      },
      {
        name: 'inbox: answer latency p50 / p99 (stored in Redis, then 200)',
        value: `${stored.p50.toFixed(0)} ms / ${stored.p99.toFixed(0)} ms`,
      },
      {
        name: 'inbox: first delivery sent → callback started',
        value: first ? `${(first - t0).toFixed(0)} ms` : 'never',
      },
    );

    // Direct mode, same burst: each process dedupes only its own deliveries.
    const direct = await instances({});
    const answered = await burst(direct.ports, body);
    const counts = await Promise.all(
      direct.ports.map(async (port) => Number(await (await fetch(`http://127.0.0.1:${port}/count`)).text())),
    );
    direct.stop();
    const total = counts.reduce((a, b) => a + b, 0);
    rows.push({
      name: `direct mode (no inbox), same burst over ${INSTANCES} processes, callbacks run`,
      value: `${total} (${answered.ok} × 200)`,
      baseline: `one per process: ${counts.join(' + ')}`,
    });
  } finally {
    redis.stop();
  }
  return rows;
}

if (import.meta.main) {
  for (const r of await run()) {
    const extra = [r.baseline, r.target && `target ${r.target}`].filter(Boolean).join('; ');
    console.log(`${r.pass === false ? 'FAIL' : 'ok  '} ${r.name}: ${r.value}${extra ? `; ${extra}` : ''}`);
  }
  process.exit(0);
}
