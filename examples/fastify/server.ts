// A minimal vendor backend on Fastify: the Connect page, the lifecycle callback URL and the entity
// webhook URL. Run: `npx tsup && node examples/fastify/server.ts` (config from the environment).
import { createAltegioClient, isAltegioError, parseConnectRedirect } from 'altegio-marketplace';
import { toNodeHandler } from 'altegio-marketplace/node';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  signWebhookUrl,
} from 'altegio-marketplace/webhooks';
import Fastify from 'fastify';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (see docs/webhooks.md).`);
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

const app = Fastify();

app.get('/altegio/connect', async (request, reply) => {
  let redirect: Awaited<ReturnType<typeof parseConnectRedirect>>;
  try {
    redirect = await parseConnectRedirect(new URL(request.url, 'http://localhost'), { partnerToken });
  } catch (error) {
    return reply
      .code(400)
      .type('text/plain')
      .send(isAltegioError(error) ? error.message : 'Bad redirect');
  }
  // The public base of this server, as Altegio will reach it (a tunnel or your domain in production).
  const base = process.env.PUBLIC_URL ?? `http://${request.headers.host}`;
  const report = await altegio.connect(redirect, {
    webhookUrls: async (locationId) => [
      await signWebhookUrl(`${base}/altegio/webhooks`, { locationId, secret }),
    ],
  });
  const lines = report.locations.map((location) => `location ${location.locationId}: ${location.outcome}`);
  return reply
    .code(report.ok ? 200 : 502)
    .type('text/plain')
    .send([report.ok ? 'Connected.' : 'Not every location could be connected.', ...lines].join('\n'));
});

// Altegio's routes get the body as text: the SDK then answers every status itself (415, 400, ...)
// and a payment's `sign` is checked against the number text as Altegio wrote it (`100.50`). With
// Fastify's default JSON parser the adapter works too, from the parsed body.
await app.register(async (altegioRoutes) => {
  altegioRoutes.removeAllContentTypeParsers();
  altegioRoutes.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  altegioRoutes.post('/altegio/callback', toNodeHandler(lifecycle));
  altegioRoutes.post('/altegio/webhooks', toNodeHandler(entities));
});

const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${address}`);
