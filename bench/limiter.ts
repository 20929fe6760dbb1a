// Client-side rate limiter against a loopback server that enforces Altegio's documented limit
// (5 requests in any 1 s, 200 in any 60 s, sliding windows, 429 beyond). A backlog of saveCalls
// is kept queued for the whole run while a call notification is issued every few seconds.
// Reports: requests accepted in the run as a share of what the limit allows (target >= 95%),
// 429 answers (target 0), and the p50/p99 wait of a notification from issue to arrival.
// Run: `npx tsup && node bench/limiter.ts`. BENCH_LIMITER_SECONDS sets the run's length (default 60,
// 15 with BENCH_QUICK=1); BENCH_LIMITER_NOTIFY_MS the gap between notifications (default 5000).
import { createAltegioClient } from 'altegio-marketplace';
import { PER_MINUTE, PER_SECOND, startStrictServer } from './strict-server.ts';
import type { BenchRow } from './types.ts';

const QUEUED = 10; // saveCalls kept waiting in the limiter: two seconds of work at 5/s

const seconds = Number(process.env.BENCH_LIMITER_SECONDS ?? (process.env.BENCH_QUICK === '1' ? 15 : 60));
const notifyEvery = Number(process.env.BENCH_LIMITER_NOTIFY_MS ?? 5000);

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

/** Bench rows: achieved share of the limit, 429 count, notification wait p50/p99. */
export async function run(): Promise<BenchRow[]> {
  const server = await startStrictServer();
  const { accepted, rejected } = server;
  const altegio = createAltegioClient({
    partnerToken: 'bench-partner-token-3e9a41',
    applicationId: 123,
    platform: server.platform,
    rateLimit: { perSecond: PER_SECOND, perMinute: PER_MINUTE },
    retry: 0, // a 429 must show up, not be retried away
    env: {},
  });
  const call = {
    crmToken: 'bench-crm-token-0c55d2',
    type: 'incoming',
    phone: '+13155550175',
    diversion: '+13155550176',
  } as const;

  const started = performance.now();
  const end = started + seconds * 1000;
  const failures: unknown[] = [];
  const pending = new Set<Promise<void>>();
  const track = (promise: Promise<void>) => {
    const tracked = promise
      .catch((error: unknown) => void failures.push(error))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
    return tracked;
  };

  // The backlog: whenever a saveCall settles, queue another, until the run ends.
  let saves = 0;
  const queueSave = (): void => {
    if (performance.now() >= end) return;
    const id = saves++;
    void track(
      altegio.telephony.saveCall({ ...call, status: 'success', duration: 60, callId: `bench-${id}` }),
    ).then(queueSave);
  };
  for (let i = 0; i < QUEUED; i++) queueSave();

  // Call notifications behind that backlog, in the middle of each interval.
  const issued = new Map<string, number>();
  for (let at = notifyEvery / 2; at < seconds * 1000; at += notifyEvery) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + at - performance.now())));
    const user = `notify-${issued.size}`;
    issued.set(user, performance.now());
    void track(altegio.telephony.notifyCall({ ...call, user }));
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - performance.now())));
  while (pending.size > 0) await Promise.all(pending); // drains the last queued saveCalls

  try {
    const inRun = accepted.filter((a) => a.at < end).length;
    const allowed = Math.min(PER_SECOND * seconds, PER_MINUTE * Math.ceil(seconds / 60));
    const share = inRun / allowed;
    const waits = accepted
      .filter((a) => a.command === 'event' && a.user !== undefined)
      .map((a) => a.at - (issued.get(a.user ?? '') ?? a.at));
    const p50 = percentile(waits, 50);
    const p99 = percentile(waits, 99);
    return [
      {
        name: `limiter: requests accepted in ${seconds} s, saveCall backlog + notifyCall every ${notifyEvery / 1000} s`,
        value: `${inRun} requests (${((inRun / seconds) * 60).toFixed(1)}/min)`,
        baseline: `limit ${allowed} (5/s, 200/min)`,
        ratio: Math.round(share * 1000) / 1000,
        target: '>= 0.95',
        pass: share >= 0.95,
      },
      {
        name: 'limiter: 429 answers from the enforcing server',
        value: `${rejected()} (client errors: ${failures.length})`,
        target: '0',
        pass: rejected() === 0 && failures.length === 0,
      },
      {
        name: `limiter: notifyCall wait behind a full backlog, p50 / p99 of ${waits.length} (issue → arrival)`,
        value: `${p50.toFixed(0)} ms / ${p99.toFixed(0)} ms`,
        target: 'p99 < 1100 ms (the next 1-second slot)',
        pass: waits.length === issued.size && p99 < 1100,
      },
    ];
  } finally {
    server.close();
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
