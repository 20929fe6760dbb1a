import { createRequire } from 'node:module';
import { ConfigurationError } from '../../errors/configuration-error';

type Msw = typeof import('msw');

/**
 * An msw request handler (msw's `HttpHandler`), as `fake.handlers` returns it: pass it to msw's
 * `setupServer(...)` or `server.use(...)`. Declared without importing msw, so that the testing entry's
 * types compile in a project without the optional msw peer. It is `any` because msw's handler class
 * has private members, which no structural type can match.
 *
 * @example
 * ```ts
 * const handlers: MswHandler[] = createFakeAltegio({ partnerToken, applicationId }).handlers;
 * setupServer(...handlers).listen();
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: an opaque msw handler; see the TSDoc above.
export type MswHandler = any;

let msw: Msw | undefined;

// msw is an optional peer: load it only when `fake.handlers` is read, so server-only users need not install it.
// It is ESM-only; require(esm) shares Node's module cache, so this is the same msw your test imports.
function loadMsw(): Msw {
  if (msw) return msw;
  // `__filename` in the CJS build; a bundler's `require` shim in the ESM build would throw, so it is not used.
  const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
  try {
    msw = load('msw') as Msw;
  } catch (error) {
    const failure = new ConfigurationError(
      'msw',
      '`fake.handlers` needs msw: install it with `npm i -D msw`. Without msw, use `await fake.listen()` for a loopback server.',
    );
    Object.defineProperty(failure, 'cause', { value: error, configurable: true, writable: true });
    throw failure;
  }
  return msw;
}

/** msw handlers that send every request under the two base URLs to `handle`. */
export function mswHandlers(
  bases: readonly string[],
  handle: (request: Request) => Promise<Response>,
): MswHandler[] {
  const { http } = loadMsw();
  return bases.map((base) => http.all(`${base}/*`, ({ request }) => handle(request)));
}
