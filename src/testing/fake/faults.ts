import { ConfigurationError } from '../../errors/configuration-error';
import { failure, reply } from './routes/reply';
import type { FakeFault, FakeFaultFilter, FakeFaultKind } from './types';

// Fault injection: a queue of faults, each for the next N requests its filter matches.

interface PendingFault {
  remaining: number;
  fault: FakeFault;
  filter: FakeFaultFilter;
}

const NGINX_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A status `new Response` accepts. */
const isStatus = (value: unknown): boolean =>
  Number.isInteger(value) && Number(value) >= 200 && Number(value) <= 599;

/** The kind of a well-formed fault, or `undefined` for anything else. */
function kindOf(fault: unknown): FakeFaultKind | undefined {
  if (!isObject(fault)) return undefined;
  if ('delayMs' in fault)
    return Number.isFinite(fault.delayMs) && Number(fault.delayMs) >= 0 ? 'delay' : undefined;
  if ('drop' in fault) return fault.drop === true || fault.drop === 'after' ? 'drop' : undefined;
  if ('html' in fault) {
    const html = fault.html === true || typeof fault.html === 'string';
    return html && (fault.status === undefined || isStatus(fault.status)) ? 'html' : undefined;
  }
  if ('successFalse' in fault) return fault.successFalse === true ? 'successFalse' : undefined;
  if ('status' in fault) return isStatus(fault.status) ? 'status' : undefined;
  return undefined;
}

/** The kind of a queued (so already checked) fault. */
export const faultKind = (fault: FakeFault): FakeFaultKind => kindOf(fault) ?? 'status';

/** The answer a fault gives instead of the route's (not for `delay`, nor for `drop: 'after'`). */
export function faultResponse(fault: FakeFault): Response {
  if ('drop' in fault) return Response.error();
  if ('html' in fault) {
    const html = typeof fault.html === 'string' ? fault.html : NGINX_502;
    return new Response(html, { status: fault.status ?? 200, headers: { 'content-type': 'text/html' } });
  }
  if ('successFalse' in fault) {
    return reply(200, {
      success: false,
      data: null,
      meta: { message: fault.message ?? 'An error has occurred.' },
    });
  }
  if ('status' in fault) {
    const headers: Record<string, string> = fault.status === 429 ? { 'retry-after': '1' } : {};
    const meta = fault.message === undefined ? {} : { message: fault.message };
    return reply(fault.status, { success: false, data: null, meta }, headers);
  }
  return failure(500);
}

/** Queued faults, matched in order. @internal */
export class FaultQueue {
  readonly #faults: PendingFault[] = [];

  /** @throws {ConfigurationError} on a count, fault or filter the fake cannot apply. */
  add(count: number, fault: FakeFault, filter: FakeFaultFilter = {}): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new ConfigurationError('count', 'failNext: `count` must be a positive integer.');
    }
    if (kindOf(fault) === undefined) {
      throw new ConfigurationError(
        'fault',
        'failNext: `fault` must be one of { status: 500 } (200-599), { successFalse: true }, { html: true | string, status? }, { delayMs: 100 } or { drop: true | "after" }.',
      );
    }
    if (!isObject(filter)) throw new ConfigurationError('filter', 'failNext: `filter` must be an object.');
    if (filter.path !== undefined && typeof filter.path !== 'string' && !(filter.path instanceof RegExp)) {
      throw new ConfigurationError('filter.path', 'failNext: `filter.path` must be a string or a RegExp.');
    }
    if (filter.method !== undefined && filter.method !== 'GET' && filter.method !== 'POST') {
      throw new ConfigurationError('filter.method', "failNext: `filter.method` must be 'GET' or 'POST'.");
    }
    this.#faults.push({ remaining: count, fault, filter: { ...filter } });
  }

  /** Takes one use of the first fault that matches the request, if any. */
  take(method: string, path: string): FakeFault | undefined {
    const index = this.#faults.findIndex(({ filter }) => {
      if (filter.method !== undefined && filter.method !== method) return false;
      if (filter.path === undefined) return true;
      return typeof filter.path === 'string' ? filter.path === path : filter.path.test(path);
    });
    const pending = this.#faults[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#faults.splice(index, 1);
    return pending.fault;
  }

  clear(): void {
    this.#faults.length = 0;
  }
}
