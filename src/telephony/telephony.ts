import type { ClientContext } from '../core/context';

/** Chain telephony (VoIP) calls (`altegio.telephony`). */
export class Telephony {
  readonly #ctx: ClientContext;

  constructor(ctx: ClientContext) {
    this.#ctx = ctx;
  }
}
