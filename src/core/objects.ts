import { ZodMiniObject, unknown } from 'zod/mini';
import { $constructor, type $loose, type $strip, $ZodObjectJIT, type $ZodShape } from 'zod/v4/core';

// zod/mini's objects check their keys one by one on every parse. Full zod's objects compile that check
// into one function on their first parse (`$ZodObjectJIT` of `zod/v4/core`), which reads an installation
// answer about three times faster. These are zod/mini objects built on that compiled check: the same
// definition, the same output, the same issues, and none of full zod's methods or locales.
// zod decides when to compile: it keeps the key-by-key check where `new Function` is not allowed (a
// Content-Security-Policy, Cloudflare Workers), and for schemas built after the app has set
// `z.config({ jitless: true })` (the webhooks entry builds its schemas at import, the client on its first call).
// Every object schema of the SDK is built with these two functions (see docs/architecture.md).

const CompiledObject: ReturnType<typeof $constructor<ZodMiniObject>> = $constructor(
  'AltegioCompiledObject',
  (inst, def) => {
    // The compiled parser first; then zod/mini's object, which skips what is set up already and adds
    // its trait (so `instanceof z.ZodMiniObject` holds), its methods and its lazy `shape`.
    $ZodObjectJIT.init(inst, def);
    ZodMiniObject.init(inst, def);
  },
);

/** `z.object` (unknown keys dropped), with zod's compiled parser. */
export function object<Shape extends $ZodShape>(shape: Shape): ZodMiniObject<Shape, $strip> {
  return new CompiledObject({ type: 'object', shape }) as ZodMiniObject<Shape, $strip>;
}

/** `z.looseObject` (unknown keys kept), with zod's compiled parser. */
export function looseObject<Shape extends $ZodShape>(shape: Shape): ZodMiniObject<Shape, $loose> {
  return new CompiledObject({ type: 'object', shape, catchall: unknown() }) as ZodMiniObject<Shape, $loose>;
}
