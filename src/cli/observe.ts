// Waiting for, and describing, what the backend sent to the fake Altegio.
import type { FakeRequestRecord } from '../testing/index';
import type { FakeHost } from './fake-host';
import { redactText, showBody } from './redact';

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 100 ms; resolves to whether it held within `ms`. */
export async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Why a `fetch` failed: the socket error code (`ECONNREFUSED`) when there is one. */
export function failureReason(error: unknown): string {
  return (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
}

/** One request the backend sent, on one line, secrets redacted. */
export function showRecord(record: FakeRequestRecord): string {
  const query =
    Object.keys(record.query).length > 0
      ? `?${new URLSearchParams(record.query as Record<string, string>)}`
      : '';
  return `${record.method} ${record.host} ${redactText(`${record.path}${query}`)} ${showBody(record.body, 160)} ← ${record.status || 'dropped'}`.replace(
    / {2,}/g,
    ' ',
  );
}

/** What the backend sent during a step, for a failure message. */
export function sawDuring(host: FakeHost, since: number, filter?: (r: FakeRequestRecord) => boolean): string {
  const sent = host.fake.requests.slice(since).filter((r) => filter?.(r) ?? true);
  if (sent.length === 0) return filter ? 'no such request from the backend' : 'no request from the backend';
  return sent.map(showRecord).join('; ');
}
