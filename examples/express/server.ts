// A minimal vendor backend on Express: the Connect page, the lifecycle callback URL and the entity
// webhook URL. Run: `npx tsup && node examples/express/server.ts` (config from the environment).
import type { AddressInfo } from 'node:net';
import { createAltegioClient, isAltegioError, parseConnectRedirect } from 'altegio-marketplace';
import { toNodeHandler } from 'altegio-marketplace/node';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  signWebhookUrl,
} from 'altegio-marketplace/webhooks';
import express from 'express';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see examples/README in docs/webhooks.md).`);
  return value;
}

const partnerToken = env('ALTEGIO_PARTNER_TOKEN');
const applicationId = Number(env('ALTEGIO_APPLICATION_ID'));
const secret = env('WEBHOOK_SECRET');
const port = Number(process.env.PORT ?? 3000);

// Reads ALTEGIO_PARTNER_TOKEN, ALTEGIO_APPLICATION_ID and, to point at a fake, ALTEGIO_APP_BASE_URL /
// ALTEGIO_API_BASE_URL from the environment.
const altegio = createAltegioClient();

const lifecycle = createLifecycleHandler({
  partnerToken,
  applicationId,
  onUninstall: (event) => console.log(`uninstall location ${event.locationId}`),
  onFreeze: (event) => console.log(`freeze location ${event.locationId}`),
  onPayment: (event) =>
    console.log(`payment ${event.paymentId} location ${event.locationId} ${event.amount}`),
});

const entities = createEntityWebhookHandler({
  secret,
  on: (event) =>
    console.log(`entity ${event.resource} ${event.status} ${event.resourceId} location ${event.locationId}`),
});

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
  // The public base of this server, as Altegio will reach it (a tunnel or your domain in production).
  const base = process.env.PUBLIC_URL ?? `http://${req.headers.host}`;
  const report = await altegio.connect(redirect, {
    webhookUrls: async (locationId) => [
      await signWebhookUrl(`${base}/altegio/webhooks`, { locationId, secret }),
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
});
