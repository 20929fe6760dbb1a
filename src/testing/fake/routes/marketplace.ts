import { activationBody, paymentBody, shortNamesBody } from '../schemas';
import {
  type Call,
  failure,
  invalid,
  noAccess,
  ok,
  type Route,
  type RouteContext,
  reply,
  route,
  sameApp,
} from './reply';

// The partner group of the Marketplace API: activation, payments and refunds, uninstall, the
// installation status, the location list and short names. The application group is in application.ts.

const notInstalled = () => failure(404, "Application isn't installed");
const notInstalledHere = () => failure(422, "Application isn't installed in this location.");

/** `POST /marketplace/partner/callback` (201) and `/callback/redirect` (301 to the installed page). */
function activate(ctx: RouteContext, redirect: boolean) {
  return (call: Call): Response => {
    const parsed = activationBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    const body = parsed.data;
    if (!sameApp(ctx, body.application_id)) return noAccess();
    const link = ctx.state.installed(body.salon_id);
    if (!link) return failure(422, "Application isn't installed: no pending link for this location.");
    // Altegio's exact answer to a second activation.
    if (link.status === 'active') return failure(403, 'The user has already installed this application.');
    if (link.status === 'freezed') return failure(422, 'Application is frozen in this location.');
    if (ctx.state.now().getTime() - link.grantedAt.getTime() > ctx.activationWindowMs) {
      return failure(422, 'Activation window expired: the user must reconnect from the Marketplace.');
    }
    link.webhookUrls = [...(body.webhook_urls ?? [])];
    ctx.state.addActivationWebhookUrls(link.locationId, link.webhookUrls);
    link.hasApiKey = body.api_key !== undefined;
    link.chatUrl = body.chat_url;
    link.tipsUrl = body.tips_url;
    link.hasLogin = body.login !== undefined;
    link.hasSecretKey = body.secret_key !== undefined;
    // chat_url reaches only a pending install: it becomes the location's chat frame.
    if (body.chat_url !== undefined)
      ctx.state.installFrame(link.locationId, { type: 'chat', url: body.chat_url });
    for (const channel of body.channels ?? []) link.channels[channel] = true;
    ctx.state.log(link, 'active', 'partner_api');
    if (!redirect) return reply(201);
    const location = `${ctx.appBaseUrl}/appstore/application/${ctx.applicationId}/installed?salon_id=${link.locationId}`;
    return reply(301, { success: true }, { location });
  };
}

/** `POST /marketplace/partner/payment`: records the payment; a frozen link becomes active. */
function reportPayment(ctx: RouteContext) {
  return (call: Call): Response => {
    const parsed = paymentBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    const body = parsed.data;
    if (!sameApp(ctx, body.application_id)) return noAccess();
    const link = ctx.state.installed(body.salon_id);
    if (!link) return notInstalledHere();
    if (link.status === 'pending') return failure(422, 'Application is not activated in this location yet.');
    const payment = ctx.state.addPayment({
      locationId: body.salon_id,
      currencyIso: body.currency_iso,
      paymentSum: body.payment_sum,
      paymentDate: body.payment_date,
      periodFrom: body.period_from,
      periodTo: body.period_to,
    });
    return reply(200, { success: true, data: { id: payment.id } });
  };
}

/** `POST /marketplace/partner/payment/refund/{id}`: the integration is disabled within the hour. */
function refund(ctx: RouteContext) {
  return (call: Call): Response => {
    const id = Number(call.params[0]);
    const payment = ctx.state.payments.find((item) => item.id === id);
    if (!payment) return failure(422, 'Payment not found.');
    if (payment.isRefunded) return failure(422, 'Payment is already refunded.');
    ctx.state.refund(payment);
    return reply(200);
  };
}

/** `POST /marketplace/salon/{location}/application/{app}/uninstall`: uninstalls and sends the webhook. */
function uninstall(ctx: RouteContext) {
  return (call: Call): Response => {
    if (!sameApp(ctx, call.params[1])) return noAccess();
    const locationId = Number(call.params[0]);
    const link = ctx.state.links.get(locationId);
    if (!link) return notInstalled();
    if (link.status !== 'uninstalled') {
      ctx.state.log(link, 'uninstalled', 'partner_api');
      ctx.uninstalled(locationId);
    }
    return reply(200, { success: true, data: null, meta: {} });
  };
}

/** `GET /marketplace/salon/{location}/application/{app}`: status, logs and payments. */
function installationStatus(ctx: RouteContext) {
  return (call: Call): Response => {
    if (!sameApp(ctx, call.params[1])) return noAccess();
    const locationId = Number(call.params[0]);
    const link = ctx.state.installed(locationId);
    if (!link) return notInstalled();
    const payments = ctx.state.payments
      .filter((payment) => payment.locationId === locationId)
      .map((payment) => ({
        id: payment.id,
        payment_sum: payment.paymentSum,
        payment_date: payment.paymentDate,
        is_refunded: payment.isRefunded,
        period_from: payment.periodFrom,
        period_to: payment.periodTo,
      }));
    return reply(200, {
      success: true,
      data: {
        logs: link.logs,
        payments,
        connection_status: { status: link.status, created_at: link.createdAt },
      },
    });
  };
}

/** `GET /marketplace/application/{app}/salons`: the locations running the app, pages from 1. */
function locations(ctx: RouteContext) {
  return (call: Call): Response => {
    if (!sameApp(ctx, call.params[0])) return failure(403, 'No access to application.');
    const page = Math.max(1, Number(call.query.get('page') ?? 1) || 1);
    const count = Math.min(1000, Math.max(1, Number(call.query.get('count') ?? 100) || 100));
    const all = [...ctx.state.links.values()]
      .filter((link) => link.status !== 'uninstalled')
      .sort((a, b) => a.locationId - b.locationId)
      .map((link) => ({
        id: link.locationId,
        title: `Location ${link.locationId}`,
        public_title: `Location ${link.locationId}`,
        active: 1,
        timezone: 0,
        timezone_name: 'UTC',
        currency_short_title: '$',
      }));
    return ok(all.slice((page - 1) * count, page * count));
  };
}

/** `POST /marketplace/partner/short_names`: the SMS sender names. */
function shortNames(ctx: RouteContext) {
  return (call: Call): Response => {
    const parsed = shortNamesBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    if (!sameApp(ctx, parsed.data.application_id)) return noAccess();
    const link = ctx.state.installed(parsed.data.salon_id);
    if (!link) return notInstalledHere();
    link.shortNames = [...parsed.data.short_names];
    return reply(201);
  };
}

/** The partner group's routes. @internal */
export function marketplaceRoutes(ctx: RouteContext): Route[] {
  return [
    route('POST', 'app', /^\/marketplace\/partner\/callback$/, activate(ctx, false)),
    route('POST', 'app', /^\/marketplace\/partner\/callback\/redirect$/, activate(ctx, true)),
    route('POST', 'app', /^\/marketplace\/partner\/payment$/, reportPayment(ctx)),
    route('POST', 'app', /^\/marketplace\/partner\/payment\/refund\/([^/]+)$/, refund(ctx)),
    route('POST', 'app', /^\/marketplace\/salon\/([^/]+)\/application\/([^/]+)\/uninstall$/, uninstall(ctx)),
    route('GET', 'app', /^\/marketplace\/salon\/([^/]+)\/application\/([^/]+)$/, installationStatus(ctx)),
    route('GET', 'app', /^\/marketplace\/application\/([^/]+)\/salons$/, locations(ctx)),
    route('POST', 'app', /^\/marketplace\/partner\/short_names$/, shortNames(ctx)),
  ];
}
