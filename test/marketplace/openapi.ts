import spec from './fixtures/openapi-marketplace.json' with { type: 'json' };

// fixtures/openapi-marketplace.json holds the marketplace operations of Altegio's OpenAPI bundle
// (shared/reference/altegio-developers.openapi.json): request schemas, query parameters, and answers
// built from the spec's own property examples.

interface PropertySchema {
  type?: string;
  enum?: readonly unknown[];
  items?: PropertySchema;
  required?: readonly string[];
  properties?: Readonly<Record<string, PropertySchema>>;
}
interface Operation {
  method: string;
  path: string;
  body?: PropertySchema;
  query?: Readonly<Record<string, PropertySchema & { required: boolean }>>;
  responses: Readonly<Record<string, unknown>>;
}

const all = spec.operations as unknown as Record<string, Operation>;

/** Every marketplace operation of the spec, by operationId. */
export const operations = (): Readonly<Record<string, Operation>> => all;

/** One marketplace operation of the spec, by operationId. */
export function operation(id: string): Operation {
  const op = all[id];
  if (!op) throw new Error(`no operation ${id} in the fixture`);
  return op;
}

/** The spec's example answer of an operation for a status (a deep copy). */
export function example(id: string, status: number): unknown {
  return structuredClone(operation(id).responses[String(status)]);
}

function typeOk(schema: PropertySchema, value: unknown): boolean {
  if (schema.enum && !schema.enum.includes(value)) return false;
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && value.every((item) => !schema.items || typeOk(schema.items, item));
    default:
      return true;
  }
}

/**
 * Where a JSON body departs from the operation's request schema: missing required fields, fields the
 * schema does not declare, values of the wrong type or outside an enum. `ignore` skips fields whose
 * declared type is known to be wrong in the spec (e.g. `api_key`, declared a number, documented a UUID).
 */
export function bodyProblems(id: string, body: unknown, ignore: readonly string[] = []): string[] {
  const schema = operation(id).body;
  if (!schema?.properties) return ['the operation has no request body'];
  if (typeof body !== 'object' || body === null) return ['body is not an object'];
  const problems: string[] = [];
  for (const key of schema.required ?? []) if (!(key in body)) problems.push(`missing ${key}`);
  for (const [key, value] of Object.entries(body)) {
    const property = schema.properties[key];
    if (!property) problems.push(`undeclared ${key}`);
    else if (!ignore.includes(key) && !typeOk(property, value)) problems.push(`bad ${key}`);
  }
  return problems;
}

/** Where a query string departs from the operation's query parameters. */
export function queryProblems(id: string, query: URLSearchParams): string[] {
  const declared = operation(id).query ?? {};
  const problems: string[] = [];
  for (const [key, param] of Object.entries(declared)) {
    if (param.required && !query.has(key)) problems.push(`missing ${key}`);
  }
  for (const [key, value] of query) {
    const param = declared[key];
    if (!param) problems.push(`undeclared ${key}`);
    else if ((param.type === 'integer' || param.type === 'number') && !Number.isFinite(Number(value))) {
      problems.push(`bad ${key}`);
    }
  }
  return problems;
}
