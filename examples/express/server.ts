// A minimal vendor backend on Express: the Connect page, the lifecycle callback URL and the entity
// webhook URL. Run: `npx tsup && node examples/express/server.ts` (config from the environment).
// With REDIS_URL set, webhooks are received durably: the handlers store each verified event in a Redis
// inbox and answer at once, and a worker in this process runs the callbacks (docs/durable-webhooks.md).
import type { AddressInfo } from 'node:net';
import { createAltegioClient, isAltegioError, parseConnectRedirect } from 'altegio-marketplace';
import { toNodeHandler } from 'altegio-marketplace/node';
import { createWebhookInbox, createWebhookWorker } from 'altegio-marketplace/redis';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  type EntityEvent,
  type FreezeEvent,
  type PaymentEvent,
  signWebhookUrl,
  type UninstallEvent,
} from 'altegio-marketplace/webhooks';
import express from 'express';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see docs/webhooks.md).`);
  return value;
}

const partnerToken = env('ALTEGIO_PARTNER_TOKEN');
const applicationId = Number(env('ALTEGIO_APPLICATION_ID'));
const secret = env('WEBHOOK_SECRET');
// The public base URL Altegio reaches this server at (your domain, or a tunnel in development). The
// signed entity webhook URLs are built on it and nothing else: never on the request's Host header,
// which the browser (or an attacker with a forged Connect link) chooses.
const publicUrl = publicBase(env('PUBLIC_URL'));
const port = Number(process.env.PORT ?? 3000);

function publicBase(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL such as https://vendor.example; got "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`PUBLIC_URL must be an http(s) URL; got "${value}".`);
  }
  return url.href.replace(/\/+$/, '');
}

// Reads ALTEGIO_PARTNER_TOKEN, ALTEGIO_APPLICATION_ID and, to point at a fake, ALTEGIO_APP_BASE_URL /
// ALTEGIO_API_BASE_URL from the environment.
const altegio = createAltegioClient();

const callbacks = {
  onUninstall: (event: UninstallEvent) => console.log(`uninstall location ${event.locationId}`),
  onFreeze: (event: FreezeEvent) => console.log(`freeze location ${event.locationId}`),
  onPayment: (event: PaymentEvent) =>
    console.log(`payment ${event.paymentId} location ${event.locationId} ${event.amount}`),
  on: (event: EntityEvent) =>
    console.log(`entity ${event.resource} ${event.status} ${event.resourceId} location ${event.locationId}`),
};

// Inbox mode when REDIS_URL is set (any number of instances, events survive a crash); direct mode
// otherwise (one process, the callbacks run before Altegio gets its answer).
const redisUrl = process.env.REDIS_URL;
const inbox = redisUrl ? createWebhookInbox({ connection: redisUrl }) : undefined;
const { on, ...lifecycleCallbacks } = callbacks;
const lifecycle = createLifecycleHandler(
  inbox ? { partnerToken, applicationId, inbox } : { partnerToken, applicationId, ...lifecycleCallbacks },
);
const entities = createEntityWebhookHandler(inbox ? { secret, inbox } : { secret, on });
const worker = inbox ? createWebhookWorker({ inbox, ...callbacks }) : undefined;
await worker?.start();

const app = express();

// Altegio's routes come before any global body parser, so the adapter reads the raw body. A parsed
// body verifies too (the checks sit inside the JSON), but a payment's `sign` may cover the number
// text as Altegio wrote it (`100.50`), which JSON.parse forgets.
app.post('/altegio/callback', toNodeHandler(lifecycle));
app.post('/altegio/webhooks', toNodeHandler(entities));

app.use(express.json()); // the rest of your API

app.get('/altegio/connect', async (req, res) => {
  let redirect: Awaited<ReturnType<typeof parseConnectRedirect>>;
  try {
    redirect = await parseConnectRedirect(new URL(req.originalUrl, 'http://localhost'), { partnerToken });
  } catch (error) {
    res
      .status(400)
      .type('text')
      .send(isAltegioError(error) ? error.message : 'Bad redirect');
    return;
  }
  const report = await altegio.connect(redirect, {
    webhookUrls: async (locationId) => [
      await signWebhookUrl(`${publicUrl}/altegio/webhooks`, { locationId, secret }),
    ],
  });
  const lines = report.locations.map((location) => `location ${location.locationId}: ${location.outcome}`);
  res
    .status(report.ok ? 200 : 502)
    .type('text')
    .send([report.ok ? 'Connected.' : 'Not every location could be connected.', ...lines].join('\n'));
});

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  if (inbox) console.log('webhooks: inbox mode (Redis)');
});

// Finish the callbacks running now before exiting; the rest stay stored for the next start.
process.once('SIGTERM', async () => {
  server.close();
  await worker?.close();
  await inbox?.close();
  process.exit(0);
});
