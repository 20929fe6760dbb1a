// A reference telephony vendor backend: what a real vendor writes on top of the SDK, end to end.
// Registration page (new and already-registered users) → connect (activate + telephony enable),
// a PBX that reports calls, monthly billing and refunds, the lifecycle callback, reconnect.
// State is in memory; swap the Maps for your database. Runs on Node ≥ 22 with type stripping.
import type { AddressInfo } from 'node:net';
import {
  type AltegioClient,
  type ConnectReport,
  createAltegioClient,
  isAltegioError,
  OutcomeUnknownError,
  type PlatformConfig,
  parseConnectRedirect,
  type ReportPaymentParams,
} from 'altegio-marketplace';
import { toNodeHandler } from 'altegio-marketplace/node';
import {
  createEntityWebhookHandler,
  createLifecycleHandler,
  signWebhookUrl,
} from 'altegio-marketplace/webhooks';
import express, { type NextFunction, type Request, type Response } from 'express';

/** Steps a test can break on purpose, to prove the moderation checks catch each mistake. */
export interface BrokenSteps {
  /** The registration page enables telephony but never activates the locations. */
  skipActivation?: boolean;
  /** The registration page activates the locations but never sends `setup/enable`. */
  skipTelephonyEnable?: boolean;
  /** Billing charges the customer but does not report the payment to Altegio. */
  skipPaymentReport?: boolean;
  /** A refund is made locally but not reported to Altegio. */
  skipRefundReport?: boolean;
  /** The lifecycle callback acknowledges `uninstall` but leaves telephony on. */
  ignoreUninstall?: boolean;
  /** The registration page opens a new account even when the Altegio user already has one. */
  forgetExistingUsers?: boolean;
}

/** Options of {@link startReferenceBackend}. */
export interface ReferenceBackendOptions {
  /** Your partner token (also the key of `user_data_sign` and the proof in lifecycle webhooks). */
  partnerToken: string;
  /** Your Marketplace application id. */
  applicationId: number;
  /** The system user's token (only the call list needs it). */
  userToken?: string | undefined;
  /** Where Altegio is: omitted = production, or `ALTEGIO_APP_BASE_URL`/`ALTEGIO_API_BASE_URL`. */
  platform?: PlatformConfig | undefined;
  /** Secret for the per-location entity-webhook URLs. @default a random one */
  webhookSecret?: string | undefined;
  /** Bearer token of the admin (billing) and PBX routes. @default a random one */
  adminToken?: string | undefined;
  /** Port on 127.0.0.1. @default 0 (a free port) */
  port?: number | undefined;
  /** Monthly price reported with each payment. @default { currencyIso: 'USD', amount: 19.9 } */
  price?: { currencyIso: string; amount: number } | undefined;
  /** Break a step on purpose (tests of the moderation checks). */
  broken?: BrokenSteps | undefined;
  /** Environment for the client's fallbacks. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

type LocationState = 'active' | 'pending' | 'frozen' | 'disconnected';

interface Account {
  id: string;
  altegioUserId: number | undefined;
  name: string;
  chainId: number | undefined;
  crmToken: string | undefined;
  telephony: 'on' | 'off';
  locations: Map<number, LocationState>;
  payments: PaymentRecord[];
}

interface PaymentRecord {
  localId: string;
  locationId: number;
  /** Altegio's payment id: the only handle for a refund. */
  paymentId: number | undefined;
  amount: number;
  refunded: boolean;
  /**
   * `reported`: Altegio has it (`paymentId` is set). `unknown`: the report was sent but its answer was
   * lost, and `reconcilePayment` has not found it (yet); check again (`POST /billing/reconcile`), never
   * re-send blindly. `skipped`: not reported (the `skipPaymentReport` break).
   */
  report: 'reported' | 'unknown' | 'skipped';
  /** What was given to `reportPayment`: the same object finds it again with `reconcilePayment`. */
  sent: ReportPaymentParams;
}

/** An account as the admin API shows it (no CRM token). */
export interface AccountView {
  id: string;
  altegioUserId: number | undefined;
  name: string;
  chainId: number | undefined;
  hasCrmToken: boolean;
  telephony: 'on' | 'off';
  locations: Record<string, LocationState>;
  payments: Account['payments'];
}

/** A running backend. */
export interface ReferenceBackend {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Set this as the app's "Registration redirect url". */
  registrationUrl: string;
  /** Set this as the app's "Callback url" (lifecycle webhooks). */
  callbackUrl: string;
  /** Bearer token of the admin and PBX routes. */
  adminToken: string;
  /** The vendor accounts, for assertions. */
  accounts(): AccountView[];
  close(): Promise<void>;
}

interface ActiveCall {
  account: Account;
  from: string;
  to: string;
  extension: string | undefined;
  startedAt: Date;
  answeredAt: Date | undefined;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string, report?: unknown): string {
  const json =
    report === undefined
      ? ''
      : `<script type="application/json" id="connect-report">${escapeHtml(JSON.stringify(report))}</script>`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${json}</body></html>`;
}

const monthLater = (date: Date) => {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return next;
};

/**
 * Starts the reference backend on 127.0.0.1.
 *
 * Routes: `GET /altegio/register` (registration redirect), `POST /altegio/callback` (lifecycle
 * webhooks), `POST /altegio/hooks` (entity webhooks), `POST /pbx/events` (the PBX's call events),
 * `POST /billing/charge`, `POST /billing/reconcile` and `POST /billing/refund` (the monthly billing
 * job, triggered by hand here), `GET /admin/accounts`.
 */
export async function startReferenceBackend(options: ReferenceBackendOptions): Promise<ReferenceBackend> {
  const broken = options.broken ?? {};
  const adminToken = options.adminToken ?? crypto.randomUUID();
  const webhookSecret = options.webhookSecret ?? crypto.randomUUID();
  const price = options.price ?? { currencyIso: 'USD', amount: 19.9 };
  const altegio: AltegioClient = createAltegioClient({
    partnerToken: options.partnerToken,
    applicationId: options.applicationId,
    userToken: options.userToken,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.env ? { env: options.env } : {}),
  });

  const accounts = new Map<string, Account>();
  const calls = new Map<string, ActiveCall>();
  let publicUrl = '';

  const accountOfLocation = (locationId: number) =>
    [...accounts.values()].find((account) => account.locations.has(locationId));

  // Which existing account may a registration redirect touch? Everything in its query except
  // user_data is UNSIGNED: anyone can open `/altegio/register?salon_id=<a customer's location>
  // &crm_token=<their own>`. Trusting salon_id or salon_group_id would let them re-bind that customer's
  // CRM token (their calls would go to the attacker's CRM) and see the account's name. So an existing
  // account is recognised only by proof:
  //  - a verified user_data (parseConnectRedirect returned `user`, signed with your partner token):
  //    the account of that Altegio user;
  //  - a location that `connect` has just `activated`: a fresh grant, which only Altegio creates when a
  //    user with rights on the location clicks Connect: the account that already owns that location.
  // Never by chain id or by a location that is merely `already-active`. Anything else is a new (or an
  // unverified) registration, and leaves existing accounts alone. Which locations it may then bind is
  // the binding rule in the registration route.
  function trustedAccount(userId: number | undefined, activated: readonly number[]): Account | undefined {
    if (broken.forgetExistingUsers) return undefined;
    if (userId !== undefined) {
      const own = [...accounts.values()].find((account) => account.altegioUserId === userId);
      if (own) return own;
    }
    for (const locationId of activated) {
      const owner = accountOfLocation(locationId);
      if (owner) return owner;
    }
    return undefined;
  }

  const app = express();
  const admin = (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization !== `Bearer ${adminToken}`) {
      res.status(401).json({ error: 'admin token required' });
      return;
    }
    next();
  };

  // 1. Registration redirect: Altegio sends the user's browser here after Connect.
  app.get('/altegio/register', async (req, res) => {
    let redirect: Awaited<ReturnType<typeof parseConnectRedirect>>;
    try {
      // The raw URL, not req.query: base64 in user_data keeps its '+'.
      redirect = await parseConnectRedirect(`${publicUrl}${req.originalUrl}`, {
        partnerToken: options.partnerToken,
      });
    } catch (error) {
      res
        .status(400)
        .type('html')
        .send(page('This link is not valid', isAltegioError(error) ? error.message : 'Malformed link.'));
      return;
    }
    const webhookUrls = async (locationId: number) => [
      await signWebhookUrl(`${publicUrl}/altegio/hooks`, { locationId, secret: webhookSecret }),
    ];
    // Connect first: whether a location gets `activated` is part of the proof below. Enabling telephony
    // for the redirect's crm_token is harmless even when forged: only that token's own chain is affected.
    let report: ConnectReport;
    if (broken.skipActivation) {
      if (redirect.crmToken !== undefined) await altegio.telephony.enable(redirect.crmToken);
      report = {
        ok: true,
        locations: redirect.locationIds.map((locationId) => ({ locationId, outcome: 'activated' as const })),
        telephony: { outcome: redirect.crmToken === undefined ? 'not-requested' : 'enabled' },
      };
    } else {
      const target = broken.skipTelephonyEnable ? { locationIds: redirect.locationIds } : redirect;
      report = await altegio.connect(target, { webhookUrls });
    }

    const activated = report.locations.filter((l) => l.outcome === 'activated').map((l) => l.locationId);
    const existing = trustedAccount(redirect.user?.userId, activated);
    // The binding rule: a location with no account is bound to this one only when `connect` has just
    // `activated` it (a fresh grant), or when a verified user_data names this account (the account of
    // that Altegio user, found or opened now). A location that is merely `already-active`, frozen or
    // pending, opened without a verified user_data, proves nothing about who opened the link: it stays
    // unbound. A location of another account stays there.
    const namedByUser =
      redirect.user !== undefined &&
      (existing === undefined || existing.altegioUserId === redirect.user.userId);
    const claimable = redirect.locationIds.filter((id) => {
      const owner = accountOfLocation(id);
      if (owner !== undefined) return owner === existing;
      return activated.includes(id) || namedByUser;
    });
    const summary = {
      ok: report.ok,
      account: existing ? 'existing' : claimable.length > 0 ? 'new' : 'unverified',
      locations: report.locations.map((l) => ({
        locationId: l.locationId,
        outcome: l.outcome,
        error: l.error?.message,
      })),
      telephony: report.telephony.outcome,
    };
    if (!existing && claimable.length === 0) {
      // Nothing proves who this visitor is: say nothing about any account, change nothing.
      res
        .status(report.ok ? 200 : 502)
        .type('html')
        .send(
          report.ok
            ? page(
                'Already connected',
                'These locations are already connected. Sign in to your account to manage them.',
                summary,
              )
            : page(
                'Not connected',
                'We could not finish connecting. Please connect again from the Altegio Marketplace.',
                summary,
              ),
        );
      return;
    }

    const account: Account = existing ?? {
      id: crypto.randomUUID(),
      altegioUserId: redirect.user?.userId,
      name: redirect.user?.name ?? `Chain ${redirect.chainId ?? claimable[0]}`,
      chainId: redirect.chainId,
      crmToken: undefined,
      telephony: 'off',
      locations: new Map(),
      payments: [],
    };
    accounts.set(account.id, account);
    account.chainId ??= redirect.chainId;
    // Safe here: a new account holding a location just activated, or one recognised by proof (see
    // trustedAccount).
    if (redirect.crmToken !== undefined) account.crmToken = redirect.crmToken;
    const outcomes = new Map(report.locations.map((l) => [l.locationId, l.outcome]));
    for (const id of claimable) {
      const outcome = outcomes.get(id);
      if (outcome === 'activated' || outcome === 'already-active') account.locations.set(id, 'active');
      else if (outcome === 'frozen') account.locations.set(id, 'frozen');
      else if (account.locations.get(id) !== 'active') account.locations.set(id, 'pending');
    }
    if (report.telephony.outcome === 'enabled') account.telephony = 'on';

    const title = existing ? `Welcome back, ${account.name}` : `Account created for ${account.name}`;
    if (report.ok) {
      res
        .status(200)
        .type('html')
        .send(page(title, `Connected locations ${claimable.join(', ')}.`, summary));
    } else {
      res
        .status(502)
        .type('html')
        .send(
          page(
            title,
            'We could not finish connecting. Please connect again from the Altegio Marketplace.',
            summary,
          ),
        );
    }
  });

  // 2. Lifecycle webhooks: uninstall turns telephony off once the chain has no active location left.
  const lifecycle = createLifecycleHandler({
    partnerToken: options.partnerToken,
    applicationId: options.applicationId,
    async onUninstall({ locationId }) {
      const account = accountOfLocation(locationId);
      if (!account || broken.ignoreUninstall) return;
      account.locations.set(locationId, 'disconnected');
      const stillActive = [...account.locations.values()].some((state) => state === 'active');
      if (!stillActive && account.crmToken !== undefined && account.telephony === 'on') {
        await altegio.telephony.disable(account.crmToken);
        account.telephony = 'off';
      }
    },
    onFreeze({ locationId }) {
      accountOfLocation(locationId)?.locations.set(locationId, 'frozen');
    },
  });
  app.post('/altegio/callback', toNodeHandler(lifecycle));

  // Entity webhooks arrive on the signed per-location URLs given at activation.
  const entities = createEntityWebhookHandler({ secret: webhookSecret, on() {} });
  app.post('/altegio/hooks', toNodeHandler(entities));

  // 3. The PBX reports ring / answer / hangup; the backend turns them into call notifications and history.
  app.post('/pbx/events', admin, express.json(), async (req, res) => {
    const { event, callId, accountId, from, to, extension, at } = req.body as Record<
      string,
      string | undefined
    >;
    // The PBX may say when the event happened (ISO 8601); otherwise it is now.
    const when = at !== undefined && !Number.isNaN(Date.parse(at)) ? new Date(at) : new Date();
    if (!callId || !event) {
      res.status(400).json({ error: 'event and callId are required' });
      return;
    }
    try {
      if (event === 'ring') {
        const account = accountId ? accounts.get(accountId) : undefined;
        if (!account?.crmToken || account.telephony !== 'on' || !from || !to) {
          res.status(409).json({ error: 'telephony is not connected for this account' });
          return;
        }
        calls.set(callId, { account, from, to, extension, startedAt: when, answeredAt: undefined });
        await altegio.telephony.notifyCall({
          crmToken: account.crmToken,
          type: 'incoming',
          phone: from,
          diversion: to,
          ...(extension ? { user: extension } : {}),
        });
      } else {
        const call = calls.get(callId);
        if (!call) {
          res.status(404).json({ error: 'unknown call' });
          return;
        }
        if (event === 'answer') call.answeredAt = when;
        if (event === 'hangup') {
          calls.delete(callId);
          const { crmToken } = call.account;
          if (crmToken !== undefined && call.account.telephony === 'on') {
            await altegio.telephony.saveCall({
              crmToken,
              type: 'incoming',
              phone: call.from,
              diversion: call.to,
              ...(call.extension ? { user: call.extension } : {}),
              callId,
              status: call.answeredAt ? 'success' : 'missed',
              duration: call.answeredAt ? Math.round((when.getTime() - call.answeredAt.getTime()) / 1000) : 0,
              date: call.startedAt,
            });
          }
        }
      }
      res.status(202).json({ ok: true });
    } catch (error) {
      res.status(502).json({ error: isAltegioError(error) ? error.message : 'failed' });
    }
  });

  // 4. Monthly billing: charge, then report the payment to Altegio and keep its id for refunds.

  // Altegio has no idempotency keys, so a report whose answer was lost (OutcomeUnknownError) may or may
  // not have landed: look it up with the very object that was sent. Found → keep its id; not found →
  // the record stays 'unknown', to look again later (Altegio records a payment within seconds). Only
  // when it is still missing after that, report it anew.
  async function reconcile(record: PaymentRecord): Promise<void> {
    const found = await altegio.marketplace.reconcilePayment(record.sent).catch(() => null);
    if (found) {
      record.paymentId = found.id;
      record.report = 'reported';
    }
  }

  app.post('/billing/charge', admin, express.json(), async (req, res) => {
    const locationId = Number((req.body as { locationId?: unknown }).locationId);
    const account = accountOfLocation(locationId);
    if (!account) {
      res.status(404).json({ error: 'no account for this location' });
      return;
    }
    const now = new Date();
    const record: PaymentRecord = {
      localId: crypto.randomUUID(),
      locationId,
      paymentId: undefined,
      amount: price.amount,
      refunded: false,
      report: 'skipped',
      sent: {
        locationId,
        currencyIso: price.currencyIso,
        paymentSum: price.amount,
        paymentDate: now,
        periodFrom: now,
        periodTo: monthLater(now),
      },
    };
    if (!broken.skipPaymentReport) {
      try {
        record.paymentId = (await altegio.marketplace.reportPayment(record.sent)).paymentId;
        record.report = 'reported';
      } catch (error) {
        if (!(error instanceof OutcomeUnknownError)) {
          // Refused (422, 401, ...) or never sent: Altegio certainly has no such payment.
          res.status(502).json({ error: isAltegioError(error) ? error.message : 'failed' });
          return;
        }
        // Sent, answer lost: never drop the record (the customer was charged) and never re-send blindly.
        record.report = 'unknown';
        await reconcile(record);
      }
    }
    account.payments.push(record);
    res
      .status(record.report === 'unknown' ? 202 : 200)
      .json({ localId: record.localId, paymentId: record.paymentId, report: record.report });
  });

  // Looks up again every payment whose report is still 'unknown' (run it from a job, a minute later).
  app.post('/billing/reconcile', admin, async (_req, res) => {
    const open = [...accounts.values()].flatMap((a) => a.payments).filter((p) => p.report === 'unknown');
    for (const record of open) await reconcile(record);
    res.json({
      checked: open.length,
      stillUnknown: open.filter((p) => p.report === 'unknown').map((p) => p.localId),
    });
  });

  app.post('/billing/refund', admin, express.json(), async (req, res) => {
    const localId = String((req.body as { localId?: unknown }).localId);
    const record = [...accounts.values()].flatMap((a) => a.payments).find((p) => p.localId === localId);
    if (!record) {
      res.status(404).json({ error: 'unknown payment' });
      return;
    }
    if (record.report === 'unknown') {
      res.status(409).json({ error: 'the payment report outcome is unknown: POST /billing/reconcile first' });
      return;
    }
    try {
      if (!broken.skipRefundReport && record.paymentId !== undefined)
        await altegio.marketplace.refundPayment(record.paymentId);
      record.refunded = true;
      res.json({ refunded: true, paymentId: record.paymentId });
    } catch (error) {
      res.status(502).json({ error: isAltegioError(error) ? error.message : 'failed' });
    }
  });

  const view = (): AccountView[] =>
    [...accounts.values()].map((account) => ({
      id: account.id,
      altegioUserId: account.altegioUserId,
      name: account.name,
      chainId: account.chainId,
      hasCrmToken: account.crmToken !== undefined,
      telephony: account.telephony,
      locations: Object.fromEntries(account.locations),
      payments: account.payments.map((p) => ({ ...p, sent: { ...p.sent } })),
    }));
  app.get('/admin/accounts', admin, (_req, res) => {
    res.json(view());
  });

  const server = app.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: publicUrl,
    registrationUrl: `${publicUrl}/altegio/register`,
    callbackUrl: `${publicUrl}/altegio/callback`,
    adminToken,
    accounts: view,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
