import { Redis } from 'ioredis';

/** A plain ioredis client for inspecting a test Redis. */
export function createRedisClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  return client;
}
