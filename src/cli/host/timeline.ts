// The console's timeline: what happened, redacted as it is recorded, and a debounced change signal.
import type { LogEntry } from '../fake-host';
import { redactText, redactValue } from '../redact';

/** How many entries the timeline keeps. */
const KEEP = 2000;

/** The timeline of a fake host and its change listeners. */
export interface Timeline {
  /** The entries, oldest first (the latest 2000). */
  readonly log: LogEntry[];
  /** Adds an entry, its path and body redacted. */
  record(entry: Omit<LogEntry, 'seq' | 'at'>): void;
  /** Tells the listeners, at most once per 30 ms, that something changed. */
  changed(): void;
  /** Calls `listener` after each change; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Drops the listeners and a pending signal. */
  close(): void;
}

/** A new, empty timeline. */
export function createTimeline(): Timeline {
  const log: LogEntry[] = [];
  const listeners = new Set<() => void>();
  let seq = 0;
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const listener of listeners) listener();
    }, 30);
  };
  return {
    log,
    changed,
    record(entry) {
      log.push({
        ...entry,
        path: redactText(entry.path),
        body: redactValue(entry.body),
        seq: ++seq,
        at: new Date().toISOString(),
      });
      if (log.length > KEEP) log.splice(0, log.length - KEEP);
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      if (pending) clearTimeout(pending);
    },
  };
}
