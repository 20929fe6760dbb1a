import { HOOK_FLAGS, settingsBody } from '../schemas';
import type { FakeWebhookSettingsWire } from '../types';
import { type Call, failure, invalid, ok, type Route, type RouteContext, route } from './reply';

// A location's entity webhook settings (`hooks_settings`), which every app of the location shares.

const noLocationAccess = () => failure(403, 'No access to this location.');

/** `POST /hooks_settings/{location}`: Altegio replaces the whole row, so what is left out is gone. */
function updateSettings(ctx: RouteContext) {
  return (call: Call): Response => {
    const locationId = Number(call.params[0]);
    if (!ctx.state.installed(locationId)) return noLocationAccess();
    const parsed = settingsBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    const next: FakeWebhookSettingsWire = { urls: [...parsed.data.urls], active: parsed.data.active };
    for (const name of [...HOOK_FLAGS, 'self_sending'] as const) {
      const value = (parsed.data as Record<string, unknown>)[name];
      if (value === 0 || value === 1) next[name] = value;
    }
    ctx.state.setWebhookSettings(locationId, next);
    return ok(next, [], 201);
  };
}

/** The webhook settings routes (Partner+User auth). @internal */
export function webhookSettingsRoutes(ctx: RouteContext): Route[] {
  const pattern = /^\/hooks_settings\/([^/]+)$/;
  return [
    route(
      'GET',
      'api',
      pattern,
      (call) => {
        const locationId = Number(call.params[0]);
        if (!ctx.state.installed(locationId)) return noLocationAccess();
        return ok(ctx.state.webhookSettings(locationId));
      },
      'partnerUser',
    ),
    route('POST', 'api', pattern, updateSettings(ctx), 'partnerUser'),
  ];
}
