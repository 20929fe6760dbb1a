// A worker in its own process, for the kill -9 test. Prints "started <id>" when a callback begins and
// "done <id>" when it ends; with HANG=1 the callback never ends (the process is killed mid-callback).
import { createWebhookInbox, createWebhookWorker } from '../../src/redis/index';

const inbox = createWebhookInbox({
  connection: process.env.REDIS_URL ?? '',
  prefix: process.env.PREFIX ?? '',
});
const worker = createWebhookWorker({
  inbox,
  lockDurationMs: 1_000,
  async onUninstall(event) {
    console.log(`started ${event.locationId}`);
    if (process.env.HANG === '1') await new Promise(() => setInterval(() => {}, 1_000));
    console.log(`done ${event.locationId}`);
  },
  onError: (error) => console.log(`error ${String(error)}`),
});
await worker.start();
console.log('ready');
