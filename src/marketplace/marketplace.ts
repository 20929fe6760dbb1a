import type { ClientContext } from '../core/context';

/** Marketplace partner calls (`altegio.marketplace`). */
export class Marketplace {
  readonly #ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }
}
