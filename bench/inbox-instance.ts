// One handler instance for bench/inbox.ts: a node:http server with a lifecycle handler, in inbox mode
// (REDIS_URL set) or direct mode (counts its own callbacks; GET /count answers the number).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from 'altegio-marketplace/node';
import { createWebhookInbox } from 'altegio-marketplace/redis';
import { createLifecycleHandler } from 'altegio-marketplace/webhooks';

const partnerToken = process.env.PARTNER_TOKEN ?? '';
const applicationId = Number(process.env.APPLICATION_ID);
let calls = 0;
const lifecycle = process.env.REDIS_URL
  ? createLifecycleHandler({
      partnerToken,
      applicationId,
      inbox: createWebhookInbox({ connection: process.env.REDIS_URL, prefix: process.env.PREFIX ?? 'bench' }),
    })
  : createLifecycleHandler({
      partnerToken,
      applicationId,
      async onPayment() {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5)); // a short database write
      },
    });
const post = toNodeHandler(lifecycle);
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.end(String(calls));
    return;
  }
  post(req, res);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
