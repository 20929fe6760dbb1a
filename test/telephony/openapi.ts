import spec from './fixtures/openapi-voip.json' with { type: 'json' };

interface PropertySchema {
  type?: string;
  enum?: readonly string[];
  items?: PropertySchema;
  maximum?: number;
}
interface ObjectSchema {
  required?: readonly string[];
  properties: Readonly<Record<string, PropertySchema>>;
}

const bodies = spec.requestBodies as unknown as Record<string, ObjectSchema>;

/** The request schemas of Altegio's OpenAPI bundle (copied into fixtures/openapi-voip.json). */
export const voipSchemas = {
  enable: bodies.voip_integration_enable_request_data_types as ObjectSchema,
  disable: bodies.voip_integration_disable_request_data_types as ObjectSchema,
  event: bodies.voip_integration_notification_request_data_types as ObjectSchema,
  history: bodies.voip_integration_history_request_data_types as ObjectSchema,
  listCalls: spec.listCalls as unknown as ObjectSchema,
};

/** The spec's own example answer of GET /voip/integration/calls. */
export const listCallsExample = spec.listCallsExample;

function typeOk(schema: PropertySchema, value: unknown): boolean {
  if (schema.enum && !schema.enum.includes(value as string)) return false;
  if (schema.maximum !== undefined && typeof value === 'number' && value > schema.maximum) return false;
  switch (schema.type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
    case 'integer':
      return typeof value === 'number';
    case 'array':
      return Array.isArray(value) && value.every((item) => !schema.items || typeOk(schema.items, item));
    default:
      return true;
  }
}

/**
 * Lists where `body` departs from an OpenAPI object schema: missing required fields, fields the
 * schema does not declare, and values of the wrong type or outside an enum.
 */
export function schemaProblems(schema: ObjectSchema, body: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of schema.required ?? []) if (!(key in body)) problems.push(`missing ${key}`);
  for (const [key, value] of Object.entries(body)) {
    const property = schema.properties[key];
    if (!property) problems.push(`undeclared ${key}`);
    else if (!typeOk(property, value)) problems.push(`bad ${key}`);
  }
  return problems;
}
