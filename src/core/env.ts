/** The process environment where there is one (Node, Bun, Deno with permission); `{}` elsewhere. */
export const processEnv = (): Readonly<Record<string, string | undefined>> =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
