import { hmacSha256Hex } from '../../../core/crypto';
import { channelBody, discountBody, frameBody, toWireErrors } from '../schemas';
import {
  type Call,
  failure,
  invalid,
  noAccess,
  ok,
  type Route,
  type RouteContext,
  route,
  sameApp,
} from './reply';

// The application group of the Marketplace API (tariffs, discounts, payment links, channels), which
// Altegio serves on both hosts, and the chat frame.

/** The option ids of every tariff the fake serves. */
function tariffOptionIds(tariffs: readonly unknown[]): number[] {
  const ids: number[] = [];
  for (const tariff of tariffs) {
    const options = (tariff as { options?: unknown }).options;
    if (!Array.isArray(options)) continue;
    for (const option of options) ids.push(Number((option as { id?: unknown }).id));
  }
  return ids;
}

/** `POST /marketplace/application/add_discount`: every location must run the app. */
function addDiscount(ctx: RouteContext) {
  return (call: Call): Response => {
    const parsed = discountBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    if (!sameApp(ctx, parsed.data.application_id)) return failure(403, 'No access to application');
    const links = parsed.data.salon_ids.map((locationId) => ctx.state.installed(locationId));
    if (links.some((link) => !link)) return failure(404, 'Application not found');
    for (const link of links) if (link) link.discount = parsed.data.discount;
    return ok({});
  };
}

/** `GET /marketplace/application/payment_link`: a payment page URL signed with the partner token. */
function paymentLink(ctx: RouteContext) {
  return async (call: Call): Promise<Response> => {
    const locationId = Number(call.query.get('salon_id'));
    if (!sameApp(ctx, call.query.get('application_id'))) return noAccess();
    if (!ctx.state.installed(locationId)) return failure(404, 'Application not installed');
    const query = new URLSearchParams({
      salon_id: String(locationId),
      application_id: String(ctx.applicationId),
    });
    const discount = call.query.get('discount');
    if (discount !== null) query.set('discount', discount);
    const option = call.query.get('tariff_option_id');
    if (option !== null) {
      if (!tariffOptionIds(ctx.tariffs).includes(Number(option))) {
        return failure(422, 'An error has occurred.', [
          { field: 'tariff_option_id', message: 'unknown tariff option of this application' },
        ]);
      }
      query.set('tariff_option_id', option);
    }
    query.set('source', 'api');
    query.set('sign', await hmacSha256Hex(ctx.partnerToken, query.toString()));
    return ok({ url: `https://alteg.io/appstore/payment/?${query}` });
  };
}

/** `POST /marketplace/application/update_channel`; its 422 lists errors by field, like Altegio's. */
function updateChannel(ctx: RouteContext) {
  return (call: Call): Response => {
    const parsed = channelBody.safeParse(call.body);
    if (!parsed.success) {
      const errors = Object.fromEntries(toWireErrors(parsed.error).map((e) => [e.field, [e.message]]));
      return failure(422, 'An error has occurred.', errors);
    }
    if (!sameApp(ctx, parsed.data.application_id)) return noAccess();
    const link = ctx.state.installed(parsed.data.salon_id);
    if (!link) return failure(422, "Application isn't installed in this location.");
    link.channels[parsed.data.channel_slug] = parsed.data.is_available;
    return ok({});
  };
}

/** `POST /marketplace/application/install_frame`: one chat frame per location. */
function installFrame(ctx: RouteContext) {
  return (call: Call): Response => {
    const parsed = frameBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    if (!sameApp(ctx, parsed.data.application_id)) return noAccess();
    if (!ctx.state.installed(parsed.data.salon_id)) return failure(404, "Application isn't installed");
    ctx.state.installFrame(parsed.data.salon_id, { type: parsed.data.type, url: parsed.data.url });
    return ok(null);
  };
}

/** The application group's routes and the chat frame. @internal */
export function applicationRoutes(ctx: RouteContext): Route[] {
  return [
    route('GET', 'both', /^\/marketplace\/application\/([^/]+)\/tariffs$/, (call) =>
      sameApp(ctx, call.params[0]) ? ok(ctx.tariffs) : failure(404, 'Application not found'),
    ),
    route('POST', 'both', /^\/marketplace\/application\/add_discount$/, addDiscount(ctx)),
    route('GET', 'both', /^\/marketplace\/application\/payment_link$/, paymentLink(ctx)),
    route('POST', 'both', /^\/marketplace\/application\/update_channel$/, updateChannel(ctx)),
    route('POST', 'app', /^\/marketplace\/application\/install_frame$/, installFrame(ctx)),
  ];
}
