// The request examples of Altegio's OpenAPI bundle (shared/reference/altegio-developers.openapi.json), read
// from the copies committed beside the marketplace and telephony tests, so the tests that use them always run.
import marketplace from '../marketplace/fixtures/openapi-marketplace.json' with { type: 'json' };
import voip from '../telephony/fixtures/openapi-voip.json' with { type: 'json' };

type Body = Record<string, unknown>;

interface Operation {
  method: string;
  path: string;
  requestExample?: Body;
}

const operations = Object.values(marketplace.operations as unknown as Record<string, Operation>);
const voipBodies = Object.values(voip.requestBodies as unknown as Record<string, { example: Body }>);

/**
 * The example body(ies) the OpenAPI bundle documents for a request: one per command for
 * `/voip/integration`, one for each marketplace operation with a body. Deep copies.
 */
export function requestExamples(path: string, method = 'POST'): Body[] {
  const bodies =
    path === '/voip/integration' && method.toUpperCase() === 'POST'
      ? voipBodies.map((body) => body.example)
      : operations
          .filter((op) => op.path === path && op.method === method.toUpperCase())
          .flatMap((op) => (op.requestExample ? [op.requestExample] : []));
  if (bodies.length === 0) throw new Error(`no request example for ${method} ${path}`);
  return bodies.map((body) => structuredClone(body));
}
