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
  const report = await altegio.connect(redirect, {
    webhookUrls: async (locationId) => [
      await signWebhookUrl(`${publicUrl}/altegio/webhooks`, { locationId, secret }),
    ],
  });
  const lines = report.locations.map((location) => `location ${location.locationId}: ${location.outcome}`);
  return reply
    .code(report.ok ? 200 : 502)
    .type('text/plain')
    .send([report.ok ? 'Connected.' : 'Not every location could be connected.', ...lines].join('\n'));
});

// Altegio's routes get the body as raw bytes: the SDK then answers content type, JSON and UTF-8
// errors itself (415, 400; `parseAs: 'string'` would decode bad UTF-8 leniently), and a payment's
// `sign` is checked against the number text as Altegio wrote it (`100.50`). Fastify's `bodyLimit`
// still answers 413 first above it (1 MiB by default). With Fastify's default JSON parser the adapter
// works too, from the parsed body.
await app.register(async (altegioRoutes) => {
  altegioRoutes.removeAllContentTypeParsers();
  altegioRoutes.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  altegioRoutes.post('/altegio/callback', toNodeHandler(lifecycle));
  altegioRoutes.post('/altegio/webhooks', toNodeHandler(entities));
});

const address = await app.listen({ port, host: '127.0.0.1' });
console.log(`listening on ${address}`);
