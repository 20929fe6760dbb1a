import { callsQuery, voipBody } from '../schemas';
import {
  type Call,
  failure,
  invalid,
  queryRecord,
  reply,
  type Route,
  type RouteContext,
  route,
} from './reply';

// The VoIP integration: one command endpoint (setup, event, history) and the saved call list.

/** Calls a page of `GET /voip/integration/calls` holds when `limit` is not given. */
const CALLS_PAGE_SIZE = 25;

/** `POST /voip/integration`: logs every command; a disabled chain's event and history are ignored. */
function command(ctx: RouteContext) {
  return (call: Call): Response => {
    const parsed = voipBody.safeParse(call.body);
    if (!parsed.success) return invalid(parsed.error);
    const body = parsed.data;
    const chain = ctx.state.chains.get(body.crm_token);
    if (!chain) return failure(404, 'Integration not found: unknown crm_token.');
    const processed = body.command === 'setup' || chain.enabled;
    chain.commands.push({ command: body.command, type: body.type, body: { ...body }, processed });
    if (body.command === 'setup') chain.enabled = body.type === 'enable';
    if (body.command === 'history' && processed) {
      chain.calls.push({
        id: ctx.state.nextCallId(),
        client_id: 0,
        caller_phone: body.phone,
        record_link: body.link ?? '',
        duration: body.duration ?? 0,
        status: body.status ?? 'success',
        type: body.type,
        call_date:
          body.date ??
          ctx.state
            .now()
            .toISOString()
            .replace(/\.\d{3}Z$/, '+00:00'),
        ...(body.call_id === undefined ? {} : { call_id: body.call_id }),
      });
    }
    return reply(202, { success: true, data: null, meta: { message: 'Accepted' } });
  };
}

/** `GET /voip/integration/calls`: the location's chain's saved calls, filtered, pages from 1. */
function calls(ctx: RouteContext) {
  return (call: Call): Response => {
    const input: Record<string, unknown> = { ...queryRecord(call.query) };
    for (const key of ['types', 'statuses']) {
      if (typeof input[key] === 'string') input[key] = [input[key]];
    }
    const parsed = callsQuery.safeParse(input);
    if (!parsed.success) return invalid(parsed.error);
    const filter = parsed.data;
    const from = filter.date_from.slice(0, 10);
    const to = filter.date_to.slice(0, 10);
    const found = (ctx.state.chainOf(filter.salon_id)?.calls ?? []).filter((item) => {
      const day = item.call_date.slice(0, 10);
      if (day < from || day > to) return false;
      if (filter.phone !== undefined && item.caller_phone !== filter.phone) return false;
      if (filter.types && !filter.types.includes(item.type as never)) return false;
      if (filter.statuses && !filter.statuses.includes(item.status as never)) return false;
      return true;
    });
    const limit = filter.limit ?? CALLS_PAGE_SIZE;
    const page = Math.max(1, filter.page ?? 1);
    const data = found.slice((page - 1) * limit, page * limit).map(({ call_id: _, ...wire }) => wire);
    return reply(200, { success: true, data });
  };
}

/** The VoIP routes. @internal */
export function telephonyRoutes(ctx: RouteContext): Route[] {
  return [
    route('POST', 'api', /^\/voip\/integration$/, command(ctx)),
    route('GET', 'api', /^\/voip\/integration\/calls$/, calls(ctx), 'partnerUser'),
  ];
}
