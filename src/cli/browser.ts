// The user's browser during a rehearsal: opens the registration URL, follows the backend's redirects on
// this machine (keeping its cookies), and reads the page it ends on.
import type { Check } from './checks/check';
import type { FakeHost } from './fake-host';
import { failureReason, showRecord } from './observe';
import { redactText, showUrl } from './redact';

/** Where a browser visit ended. */
export interface Visit {
  /** A 2xx page, or a redirect back to Altegio or off this machine. */
  ok: boolean;
  /** The last status; 0 when there was no answer. */
  status: number;
  /** One line for a failure message: status and page title, or why there was no page. */
  summary: string;
  /** The page's `<script type="application/json" id="connect-report">`, when it has one. */
  report: Record<string, unknown> | undefined;
}

const MAX_HOPS = 10;

/** GET as a browser would, without following redirects; a string is why there was no answer. */
async function get(url: string, cookies: ReadonlyMap<string, string>): Promise<Response | string> {
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  try {
    return await fetch(url, {
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml', ...(cookie ? { cookie } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return failureReason(error);
  }
}

function keepCookies(response: Response, cookies: Map<string, string>): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair?.indexOf('=') ?? -1;
    if (pair && at > 0) cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}

/** Where a redirect leaves the browser: `back to Altegio`, `to <origin>` off this machine, or nothing. */
function stopsAt(host: FakeHost, next: URL): string | undefined {
  const loopback =
    next.hostname === '127.0.0.1' || next.hostname === 'localhost' || next.hostname === '[::1]';
  if (next.origin === new URL(host.url).origin) return 'back to Altegio';
  return loopback ? undefined : `to ${next.origin}`;
}

function parseReport(html: string): Record<string, unknown> | undefined {
  const text = /<script type="application\/json" id="connect-report">(.*?)<\/script>/s.exec(html)?.[1];
  if (!text) return undefined;
  try {
    return JSON.parse(
      text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
    ) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The page's heading (or title, or first characters) as plain text, secrets redacted. */
function headingOf(html: string): string {
  const title =
    /<h1[^>]*>(.*?)<\/h1>/is.exec(html)?.[1] ??
    /<title>(.*?)<\/title>/is.exec(html)?.[1] ??
    html.slice(0, 80);
  return redactText(
    title
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/**
 * Opens a URL as a browser would: follows redirects on loopback (keeping cookies), stops at a redirect
 * back to Altegio (the fake) or to anywhere off this machine, which a real browser would then show.
 * Each hop, and what the backend sent to Altegio meanwhile, goes into the check's transcript.
 * @example
 * ```ts
 * const page = await visit(host, check, await host.grant([1001], user));
 * ```
 */
export async function visit(host: FakeHost, check: Check, start: string): Promise<Visit> {
  const cookies = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    check.note(`browser → GET ${showUrl(url)}`);
    const seen = host.fake.requests.length;
    // What the backend sent to Altegio while it handled this page goes right under the visit.
    const sentMeanwhile = () => {
      for (const record of host.fake.requests.slice(seen))
        check.note(`  backend → Altegio ${showRecord(record)}`);
    };
    const target = new URL(url);
    const response = await get(url, cookies);
    if (typeof response === 'string') {
      sentMeanwhile();
      check.note(`browser ← no answer (${response})`);
      return {
        ok: false,
        status: 0,
        summary: `no answer from ${target.origin} (${response})`,
        report: undefined,
      };
    }
    keepCookies(response, cookies);
    host.record({
      from: 'browser',
      method: 'GET',
      path: showUrl(url),
      status: response.status,
      body: undefined,
    });
    sentMeanwhile();
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      check.note(
        `browser ← ${response.status} redirect to ${next.origin === target.origin ? '' : next.origin}${showUrl(next.href)}`,
      );
      const where = stopsAt(host, next);
      if (where !== undefined)
        return {
          ok: true,
          status: response.status,
          summary: `${response.status} redirect ${where}`,
          report: undefined,
        };
      url = next.href;
      continue;
    }
    const html = await response.text();
    const text = headingOf(html);
    check.note(`browser ← ${response.status} "${text}"`);
    return {
      ok: response.ok,
      status: response.status,
      summary: `${response.status} "${text}"`,
      report: parseReport(html),
    };
  }
  return { ok: false, status: 0, summary: 'more than 10 redirects', report: undefined };
}
