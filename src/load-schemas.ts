import { loadOnce } from './core/load-once';

/** What {@link loadSchemas} resolves to: the exports of src/schema-chunk.ts. */
export type Schemas = typeof import('./schema-chunk');

/**
 * The client's schemas (zod/mini with every request and answer schema), loaded on the first call
 * instead of at import: they are half of the root entry, and a process that imports the SDK without
 * calling Altegio yet never reads them. Later calls get the same module at the cost of one `await`;
 * a failed load is tried again on the next call.
 */
export const loadSchemas: () => Promise<Schemas> = loadOnce(() => import('./schema-chunk'));
