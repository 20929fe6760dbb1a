// The local Altegio console: one server-rendered page, sections re-rendered on the server and pushed
// to the page over server-sent events. No framework, no CDN: it works offline. Actions are real forms
// with real buttons, so they work from the keyboard (and without the script, by a full page load).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeHost, LogEntry } from './fake-host';
import { showBody } from './redact';

const esc = (value: unknown) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A fresh value per process: a page of another site cannot make the browser press these buttons.
const formKey = crypto.randomUUID();

const STYLE = `
:root{color-scheme:light;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;background:#f6f7f9}
body{margin:0 auto;max-width:1100px;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.6rem 0 .5rem}
section{background:#fff;border:1px solid #c8ccd2;border-radius:8px;padding:.4rem 1rem 1rem;margin-bottom:1rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e2e5e9;vertical-align:top}
th{font-weight:600;color:#333}
button{font:inherit;padding:.35rem .8rem;margin:.1rem .25rem .1rem 0;border:1px solid #1f3f8f;border-radius:5px;background:#1f3f8f;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f3f8f}button.danger{background:#fff;color:#9b1c1c;border-color:#9b1c1c}
button:focus-visible,input:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
input[type=url]{font:inherit;width:min(36rem,100%);padding:.3rem .45rem;border:1px solid #6b7280;border-radius:4px}
label{font-weight:600;display:block;margin:.4rem 0 .2rem}
.state{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-weight:600;border:1px solid}
.state-active,.state-passed{color:#0f5132;background:#d1e7dd;border-color:#0f5132}
.state-pending,.state-running{color:#5c3d00;background:#fff3cd;border-color:#5c3d00}
.state-freezed{color:#084298;background:#cfe2ff;border-color:#084298}
.state-uninstalled,.state-failed{color:#842029;background:#f8d7da;border-color:#842029}
.muted{color:#4b5563}code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
.log td:nth-child(-n+2){white-space:nowrap}.log td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:2px solid #1f3f8f;border-radius:10px;padding:.6rem .9rem;min-width:14rem;background:#eef2ff}
.card strong{display:block;font-size:1.05rem}
`;

// The little script: follow the event stream, swap the sections whose HTML changed, keep the focus,
// and send the row buttons without leaving the page.
const SCRIPT = `
(() => {
  const apply = (sections) => {
    const focused = document.activeElement && document.activeElement.id;
    for (const [id, html] of Object.entries(sections)) {
      const el = document.getElementById(id);
      if (el && el.innerHTML !== html) el.innerHTML = html;
    }
    if (focused && document.activeElement !== document.getElementById(focused)) {
      const again = document.getElementById(focused);
      if (again) again.focus();
    }
  };
  const poll = () => fetch('/_console/sections').then((r) => r.json()).then(apply).catch(() => {});
  if ('EventSource' in window) {
    const events = new EventSource('/_console/events');
    events.onmessage = (event) => apply(JSON.parse(event.data));
  } else setInterval(poll, 1500);
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.dataset.inline === undefined) return;
    event.preventDefault();
    const data = new URLSearchParams(new FormData(form, event.submitter));
    fetch(form.getAttribute('action'), { method: 'POST', body: data, headers: { accept: 'application/json' } })
      .then((r) => r.json())
      .then((answer) => { document.getElementById('notice').textContent = answer.message || ''; })
      .then(poll);
  });
})();
`;

function stateBadge(state: string): string {
  return `<span class="state state-${esc(state)}">${esc(state)}</span>`;
}

function hidden(fields: Record<string, string | number>): string {
  return Object.entries({ key: formKey, ...fields })
    .map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`)
    .join('');
}

function checksSection(host: FakeHost): string {
  if (host.checks.length === 0)
    return '<p class="muted">No rehearsal is running. <code>altegio-marketplace rehearse</code> shows its five checks here.</p>';
  const items = host.checks
    .map((check, index) => `<li>${stateBadge(check.state)} ${index + 1}. ${esc(check.title)}</li>`)
    .join('');
  return `<ol class="checks" style="list-style:none;padding:0">${items}</ol>`;
}

function installationsSection(host: FakeHost): string {
  const rows = host
    .locations()
    .map((locationId) => {
      const installation = host.fake.installation(locationId);
      if (!installation) return '';
      const owner = host.ownerOf(locationId);
      const telephony = owner ? host.fake.telephony(owner.crmToken) : undefined;
      const payments = host.fake.payments(locationId).length;
      const status = installation.status;
      const button = (action: string, label: string, kind = 'secondary', inline = true) =>
        `<form method="post" action="/_console/action" ${inline ? 'data-inline' : 'target="_blank"'} style="display:inline">${hidden({ action, locationId })}<button type="submit" class="${kind}" id="${action}-${locationId}" aria-label="${esc(`${label} location ${locationId}`)}">${esc(label)}</button></form>`;
      const actions =
        status === 'active' || status === 'pending'
          ? button('disconnect', 'Disconnect', 'danger') + button('freeze', 'Freeze')
          : button('reconnect', 'Reconnect', 'secondary', false);
      return `<tr id="installation-${locationId}" data-status="${esc(status)}"><td>${locationId}</td><td>${esc(installation.chainId ?? '—')}</td><td>${stateBadge(status)}</td><td>${telephony === undefined ? '—' : telephony.enabled ? 'on' : 'off'}</td><td>${payments}</td><td>${actions}</td></tr>`;
    })
    .join('');
  if (rows === '') return '<p class="muted">No installation yet: press Connect.</p>';
  return `<table><thead><tr><th scope="col">Location</th><th scope="col">Chain</th><th scope="col">Status</th><th scope="col">Telephony</th><th scope="col">Payments</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function paymentsSection(host: FakeHost): string {
  const payments = host.fake.payments();
  if (payments.length === 0) return '<p class="muted">No payment or refund reported yet.</p>';
  const rows = payments
    .map(
      (p) =>
        `<tr><td>${p.id}</td><td>${p.locationId}</td><td>${esc(p.paymentSum)} ${esc(p.currencyIso)}</td><td>${esc(p.periodFrom)} → ${esc(p.periodTo)}</td><td>${p.isRefunded ? stateBadge('refunded') : 'paid'}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th scope="col">Payment</th><th scope="col">Location</th><th scope="col">Amount</th><th scope="col">Period</th><th scope="col">State</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function callsSection(host: FakeHost): string {
  const cards = host.log
    .filter((entry) => entry.path.endsWith('/voip/integration') && isEvent(entry.body))
    .slice(-6)
    .reverse()
    .map((entry) => {
      const body = entry.body as Record<string, unknown>;
      const type = body.type === 'outgoing' ? 'Outgoing call' : 'Incoming call';
      return `<div class="card" role="note"><strong>${esc(type)}</strong>Client ${esc(body.phone ?? '?')}<br>to ${esc(body.diversion ?? '?')}${body.user === undefined ? '' : `, extension ${esc(body.user)}`}<br><span class="muted">${esc(entry.at.slice(11, 19))} UTC · answered ${entry.status}</span></div>`;
    })
    .join('');
  return cards === ''
    ? '<p class="muted">No call notification yet.</p>'
    : `<div class="cards">${cards}</div>`;
}

const isEvent = (body: unknown) =>
  typeof body === 'object' && body !== null && (body as { command?: unknown }).command === 'event';

function logRow(entry: LogEntry): string {
  const who = { backend: 'backend → Altegio', altegio: 'Altegio → backend', browser: 'browser → backend' }[
    entry.from
  ];
  return `<tr><td>${esc(entry.at.slice(11, 19))}</td><td>${esc(who)}</td><td>${esc(entry.method)} ${esc(entry.path)}</td><td>${esc(entry.status ?? entry.note ?? 'failed')}</td><td>${esc(showBody(entry.body, 300))}</td></tr>`;
}

function logSection(host: FakeHost): string {
  if (host.log.length === 0) return '<p class="muted">The backend has not called the fake yet.</p>';
  const rows = host.log.slice(-200).reverse().map(logRow).join('');
  return `<table class="log"><thead><tr><th scope="col">Time</th><th scope="col">Who</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Body (secrets redacted)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The live sections of the page, by element id. */
export function renderSections(host: FakeHost): Record<string, string> {
  return {
    checks: checksSection(host),
    installations: installationsSection(host),
    payments: paymentsSection(host),
    calls: callsSection(host),
    log: logSection(host),
  };
}

/** The whole page. */
export function renderPage(host: FakeHost): string {
  const s = renderSections(host);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Fake Altegio console</title><style>${STYLE}</style></head><body>
<header><h1>Fake Altegio console</h1><p class="muted">Application ${host.fake.applicationId} · callback URL <code>${esc(host.fake.callbackUrl ?? 'not set (start with --callback-url)')}</code></p></header>
<main>
<section aria-labelledby="h-checks"><h2 id="h-checks">Moderation checks</h2><div id="checks" aria-live="polite">${s.checks}</div></section>
<section aria-labelledby="h-connect"><h2 id="h-connect">Connect</h2>
<form method="post" action="/_console/action" target="_blank">${hidden({})}
<label for="registration-url">Registration redirect URL of your backend</label>
<input type="url" id="registration-url" name="registrationUrl" required value="${esc(host.registrationUrl ?? '')}" placeholder="http://127.0.0.1:3000/altegio/register">
<p><button type="submit" name="action" value="connect" id="connect">Connect</button><button type="submit" name="action" value="connect-existing" class="secondary" id="connect-existing">Connect as an existing user</button></p>
<p class="muted">Opens your registration page in a new tab with a freshly signed redirect, as Altegio does after the user grants access.</p>
</form><p id="notice" role="status"></p></section>
<section aria-labelledby="h-installations"><h2 id="h-installations">Installations</h2><div id="installations">${s.installations}</div></section>
<section aria-labelledby="h-calls"><h2 id="h-calls">Call notifications</h2><div id="calls" aria-live="polite">${s.calls}</div></section>
<section aria-labelledby="h-payments"><h2 id="h-payments">Payments and refunds</h2><div id="payments">${s.payments}</div></section>
<section aria-labelledby="h-log"><h2 id="h-log">Request log</h2><div id="log">${s.log}</div></section>
</main><script>${SCRIPT}</script></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64_000) break;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function answer(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
  res.end(body);
}

async function action(host: FakeHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = await readForm(req);
  const wantsJson = (req.headers.accept ?? '').includes('application/json');
  const done = (status: number, message: string, location?: string) => {
    if (location !== undefined && status === 303)
      return answer(res, 303, 'text/plain; charset=utf-8', message, { location });
    if (wantsJson) return answer(res, status, 'application/json', JSON.stringify({ message }));
    if (status < 400) return answer(res, 303, 'text/plain; charset=utf-8', message, { location: '/' });
    return answer(res, status, 'text/plain; charset=utf-8', message);
  };
  if (form.get('key') !== formKey) return done(403, 'This form is out of date: reload the console.');
  const kind = form.get('action') ?? '';
  const locationId = Number(form.get('locationId'));
  const typed = form.get('registrationUrl');
  if (typed) {
    try {
      const url = new URL(typed);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
      host.registrationUrl = url.href;
    } catch {
      return done(400, `The registration URL must be an http(s) URL, got "${typed}".`);
    }
  }
  try {
    if (kind === 'connect' || kind === 'connect-existing') {
      const user = kind === 'connect' ? host.newUser() : host.lastUser();
      const link = await host.grant([host.nextLocationId()], user);
      return done(303, 'Opening the registration page.', link);
    }
    if (!Number.isSafeInteger(locationId) || locationId <= 0)
      return done(400, 'Which location? locationId is missing.');
    if (kind === 'reconnect') {
      const link = await host.grant([locationId], host.ownerOf(locationId) ?? host.lastUser());
      return done(303, 'Opening the registration page.', link);
    }
    if (kind === 'disconnect' || kind === 'freeze') {
      const delivery = await (kind === 'disconnect' ? host.disconnect(locationId) : host.freeze(locationId));
      return done(
        200,
        `${kind === 'disconnect' ? 'Disconnected' : 'Froze'} location ${locationId}; the backend answered ${delivery.status ?? delivery.error ?? 'nothing (no callback URL)'}.`,
      );
    }
    return done(400, `Unknown action "${kind}".`);
  } catch (error) {
    return done(409, error instanceof Error ? error.message : String(error));
  }
}

/** Serves the console: the page, its sections, the event stream and the actions. */
export async function handleConsole(
  host: FakeHost,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && path === '/')
    return answer(res, 200, 'text/html; charset=utf-8', renderPage(host));
  if (req.method === 'GET' && path === '/_console/sections')
    return answer(res, 200, 'application/json', JSON.stringify(renderSections(host)));
  if (req.method === 'GET' && path === '/_console/events') {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    const push = () => res.write(`data: ${JSON.stringify(renderSections(host))}\n\n`);
    push();
    const stop = host.subscribe(push);
    req.once('close', stop);
    return;
  }
  if (req.method === 'POST' && path === '/_console/action') return action(host, req, res);
  if (path === '/favicon.ico') return answer(res, 204, 'image/x-icon', '');
  answer(
    res,
    404,
    'text/plain; charset=utf-8',
    'Not found. The console is at /, the fake Altegio under /app and /api/v1.',
  );
}
