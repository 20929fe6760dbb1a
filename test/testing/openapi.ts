import { existsSync, readFileSync } from 'node:fs';

type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
  anyOf?: Schema[];
  required?: string[];
};

// Altegio's OpenAPI bundle lives beside the checkout on the dev machine, not in the repository.
const file = new URL('../../../shared/reference/altegio-developers.openapi.json', import.meta.url);
/** Whether the bundle is present (tests that need it are skipped otherwise, e.g. in CI). */
export const specAvailable = existsSync(file);
const spec = (
  specAvailable ? JSON.parse(readFileSync(file, 'utf8')) : { paths: {}, components: { schemas: {} } }
) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target);
}

function example(schema: Schema): unknown {
  const resolved = resolve(schema);
  if (resolved.example !== undefined) return resolved.example;
  if (resolved.properties) {
    return Object.fromEntries(
      Object.entries(resolved.properties).map(([key, value]) => [key, example(value)]),
    );
  }
  if (resolved.items) return [example(resolved.items)];
  return undefined;
}

/** The example body(ies) the OpenAPI bundle documents for a request (one per `anyOf` branch). */
export function requestExamples(path: string, method = 'post'): Record<string, unknown>[] {
  const body = spec.paths[path]?.[method]?.requestBody?.content['application/json']?.schema;
  if (!body) throw new Error(`no request body for ${method} ${path}`);
  const branches = body.anyOf ?? [body];
  return branches.map((branch) => example(branch) as Record<string, unknown>);
}
