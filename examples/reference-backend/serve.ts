// Runs the reference backend by itself, to click through the flow in a browser.
//
//   node examples/reference-backend/serve.ts            # with a fake Altegio on 127.0.0.1
//   ALTEGIO_PARTNER_TOKEN=… ALTEGIO_APPLICATION_ID=… node examples/reference-backend/serve.ts   # real Altegio
//
// PORT picks the backend's port (default: a free one). Stop it with Ctrl+C.
import { createFakeAltegio } from 'altegio-marketplace/testing';
import type { ReferenceBackend, ReferenceBackendOptions } from './backend.ts';

type StartBackend = (options: ReferenceBackendOptions) => Promise<ReferenceBackend>;

// Loaded at run time: Node's type stripping needs the `.ts` extension, which tsc's config does not allow in an import.
const backendFile = './backend.ts';
const { startReferenceBackend } = (await import(backendFile)) as { startReferenceBackend: StartBackend };
const env = process.env;
const port = env.PORT ? Number(env.PORT) : 0;
const closers: (() => Promise<void>)[] = [];

if (env.ALTEGIO_PARTNER_TOKEN) {
  const backend = await startReferenceBackend({
    partnerToken: env.ALTEGIO_PARTNER_TOKEN,
    applicationId: Number(env.ALTEGIO_APPLICATION_ID),
    userToken: env.ALTEGIO_USER_TOKEN,
    adminToken: env.ADMIN_TOKEN,
    port,
  });
  closers.push(backend.close);
  console.log(
    `Reference backend on ${backend.url}, talking to ${env.ALTEGIO_APP_BASE_URL ?? 'the real Altegio'}.`,
  );
  console.log(`Set "Registration redirect url" to ${backend.registrationUrl}`);
  console.log(`Set "Callback url" to ${backend.callbackUrl} (behind a public HTTPS tunnel)`);
} else {
  const partnerToken = `local-partner-${crypto.randomUUID()}`;
  const fake = createFakeAltegio({ partnerToken, applicationId: 4242, userToken: 'local-user-token' });
  const server = await fake.listen();
  const backend = await startReferenceBackend({
    partnerToken,
    applicationId: 4242,
    userToken: 'local-user-token',
    platform: server.platform,
    port,
    env: {},
  });
  fake.callbackUrl = backend.callbackUrl;
  closers.push(backend.close, server.close);
  const link = await fake.grantAccess({
    registrationUrl: backend.registrationUrl,
    locationIds: [1001],
    chainId: 77,
    user: { userId: 501, name: 'Ann Lee', email: 'ann@example.com', phone: '15550100' },
  });
  console.log(`Fake Altegio on ${server.url}, reference backend on ${backend.url}.`);
  console.log(
    `Open this link, as Altegio would after Connect (activate at once; Altegio accepts it for up to 12 hours):\n${link}`,
  );
  console.log(
    `Then bill the location:\ncurl -X POST ${backend.url}/billing/charge -H 'authorization: Bearer ${backend.adminToken}' -H 'content-type: application/json' -d '{"locationId":1001}'`,
  );
  console.log(
    `Accounts: curl ${backend.url}/admin/accounts -H 'authorization: Bearer ${backend.adminToken}'`,
  );
}

const stop = () => {
  void Promise.all(closers.map((close) => close())).then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
