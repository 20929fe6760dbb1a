// One backend instance for bench/instances.ts, in its own process: a backlog of saveCalls kept queued
// and a call notification every NOTIFY_MS (offset by INDEX), with or without the shared Redis store.
// Prints one JSON line at the end: when each notification was issued, and the client errors.
import { createAltegioClient, RateLimitError } from 'altegio-marketplace';
import { createRedisStore } from 'altegio-marketplace/redis';
import { Redis } from 'ioredis';

const env = process.env;
const index = Number(env.INDEX);
const seconds = Number(env.SECONDS);
const notifyEvery = Number(env.NOTIFY_MS);
const offset = (notifyEvery / Number(env.WORKERS)) * (index + 0.5);
const redis = env.REDIS_URL ? new Redis(env.REDIS_URL, { enableOfflineQueue: false }) : undefined;
if (redis) await new Promise((resolve) => redis.once('ready', resolve));
const altegio = createAltegioClient({
  partnerToken: 'bench-partner-token-3e9a41',
  applicationId: 123,
  platform: JSON.parse(env.PLATFORM ?? '{}'),
  retry: 0, // a 429 must show up, not be retried away
  env: {},
  ...(redis ? { store: createRedisStore({ client: redis, prefix: 'bench:' }) } : {}),
});
const call = {
  crmToken: 'bench-crm-token-0c55d2',
  type: 'incoming',
  phone: '+13155550175',
  diversion: '+13155550176',
} as const;

// Every worker starts at the same wall-clock moment.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(env.START_AT) - Date.now())));
const late = Date.now() - Number(env.START_AT);
const end = Date.now() + seconds * 1000;
let failures = 0;
let rateLimited = 0;
const pending = new Set<Promise<void>>();
const track = (promise: Promise<void>) => {
  const tracked = promise
    .catch((error: unknown) => {
      failures++;
      if (error instanceof RateLimitError) rateLimited++;
    })
    .finally(() => pending.delete(tracked));
  pending.add(tracked);
  return tracked;
};
let saves = 0;
const queueSave = (): void => {
  if (Date.now() >= end) return;
  const id = `w${index}-${saves++}`;
  void track(altegio.telephony.saveCall({ ...call, status: 'success', duration: 60, callId: id })).then(
    queueSave,
  );
};
for (let i = 0; i < Number(env.QUEUED); i++) queueSave();

const issued: Record<string, number> = {};
const started = Date.now();
for (let at = offset; at < seconds * 1000; at += notifyEvery) {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + at - Date.now())));
  const user = `notify-${index}-${Object.keys(issued).length}`;
  issued[user] = Date.now();
  void track(altegio.telephony.notifyCall({ ...call, user }));
}
await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - Date.now())));
while (pending.size > 0) await Promise.all(pending);
console.log(JSON.stringify({ late, issued, failures, rateLimited }));
redis?.disconnect();
