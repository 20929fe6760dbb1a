import type { ServerResponse } from 'node:http';
import type { FastifyLikeReply } from './types';

// Web Response → node:http or Fastify reply, at most once.

/** @internal Whether `res` is a Fastify reply rather than a node:http response. */
export const isFastifyReply = (res: ServerResponse | FastifyLikeReply): res is FastifyLikeReply =>
  typeof (res as FastifyLikeReply).code === 'function' && 'raw' in res;

/** @internal Whether an answer already started on `res`. */
export const answered = (res: ServerResponse | FastifyLikeReply): boolean =>
  isFastifyReply(res) ? Boolean(res.sent || res.raw.headersSent) : res.headersSent || res.writableEnded;

/** @internal Sends one answer, unless one already started; never throws. */
export function send(
  res: ServerResponse | FastifyLikeReply,
  status: number,
  headers: Headers | Record<string, string>,
  text: string,
): void {
  try {
    if (answered(res)) return;
    if (isFastifyReply(res)) {
      res.code(status);
      new Headers(headers).forEach((value, name) => void res.header(name, value));
      res.send(text);
      return;
    }
    res.statusCode = status;
    new Headers(headers).forEach((value, name) => void res.setHeader(name, value));
    res.end(text);
  } catch {
    // The response is already gone (headers sent, socket closed): nothing left to tell the sender.
  }
}
