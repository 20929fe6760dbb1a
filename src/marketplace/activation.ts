import type * as z from 'zod/mini';
import { loadSchemas } from '../load-schemas';
import { InstallationStateError } from '../errors/installation-state-error';
import { PermissionDeniedError } from '../errors/permission-denied-error';
import { type CallOptions, callOptions } from '../core/call-options';
import type { ClientContext } from '../core/context';
import type { ActivateParams, ActivateRedirectResult, ActivateResult, activateParamsSchema } from './schemas';
import { MarketplaceInstallations } from './installations';

const activationHints = {
  422: 'Altegio activates only a pending installation: activate at once; Altegio accepts it for up to 12 hours after the user granted access (its guide says 1 hour). Check getInstallation(locationId); if it is not pending, the user must connect again from the Marketplace',
};

/**
 * Posts the activation callback without reading the status first, for `connect`, which has just read
 * it. Module-private: not exported from the package.
 * @internal
 */
export const postActivation = Symbol('postActivation');

/** The activation fields Altegio applies only to a pending installation (names only: some are secrets). */
const activationSettings = [
  'webhookUrls',
  'apiKey',
  'chatUrl',
  'tipsUrl',
  'channels',
  'login',
  'secretKey',
] as const;

/** Altegio's answer to an activation callback for an installation that is already active. */
const ALREADY_INSTALLED = 'The user has already installed this application.';

/**
 * @internal A part of {@link Marketplace}. Activation: the callback that turns a pending installation
 * active.
 * `altegio.marketplace` is one object with the methods of every part.
 */
export class MarketplaceActivation extends MarketplaceInstallations {
  readonly #ctx: ClientContext;

  /** @internal Made by `createAltegioClient`; not for direct use. */
  constructor(ctx: ClientContext) {
    super(ctx);
    this.#ctx = ctx;
  }

  #activationBody(p: z.output<typeof activateParamsSchema>) {
    return {
      salon_id: p.locationId,
      application_id: this.#ctx.applicationId,
      webhook_urls: p.webhookUrls,
      api_key: p.apiKey,
      chat_url: p.chatUrl,
      tips_url: p.tipsUrl,
      channels: p.channels,
      login: p.login,
      secret_key: p.secretKey,
    };
  }

  // Altegio applies activation settings only to a pending installation: say so when some were given.
  #alreadyActive(p: z.output<typeof activateParamsSchema>): ActivateResult {
    const given = activationSettings.filter((name) => p[name] !== undefined);
    if (given.length > 0) {
      this.#ctx.logger?.warn?.(
        `marketplace.activate: location ${p.locationId} is already active, so ${given.join(', ')} ${given.length === 1 ? 'was' : 'were'} not applied; use addWebhookUrls for webhook URLs and installFrame for the chat panel`,
        { locationId: p.locationId, notApplied: given },
      );
    }
    return { outcome: 'already-active' };
  }

  /**
   * Activates your app for a location whose user has just granted access, and is safe to repeat: it
   * reads the installation first (GET app `/marketplace/salon/{location_id}/application/{application_id}`)
   * and posts the activation callback (POST app `/marketplace/partner/callback`) only when it is
   * `pending`. Activate at once: Altegio accepts it for up to 12 hours after the grant (its guide says
   * 1 hour). An answer `403 "The user has already installed this application."` (another instance
   * activated it first) counts as `already-active`.
   *
   * An already-active installation keeps its settings: `webhookUrls`, `apiKey`, `chatUrl`, `tipsUrl`,
   * `channels`, `login` and `secretKey` are not sent then, and the client logger gets a warning naming
   * the fields (never their values). Change them with {@link Marketplace.addWebhookUrls} (webhook URLs)
   * and {@link Marketplace.installFrame} (the chat panel).
   *
   * @returns `{ outcome }`: `'activated'` or `'already-active'`.
   * @throws {InvalidInputError} bad `locationId`, `webhookUrls` (more than 10, or not https; plain http
   * only for `127.0.0.1`, `localhost`, `[::1]`), `apiKey`, `chatUrl`, `tipsUrl`, `channels`, `login` or
   * `secretKey` (nothing sent).
   * @throws {InstallationStateError} the installation is missing or not pending (frozen): nothing sent.
   * @throws {ValidationError} 422: Altegio refused it (e.g. the pending window passed).
   * @throws {PermissionDeniedError} 403 for any other reason (wrong application id or token).
   * @throws {OutcomeUnknownError} the request may have been processed; read `getInstallation` to see.
   * @example
   * ```ts
   * const { outcome } = await altegio.marketplace.activate({
   *   locationId: 456,
   *   webhookUrls: ['https://example.com/hooks/456'],
   * });
   * // 'activated' the first time, 'already-active' on a repeat
   * ```
   */
  async activate(params: ActivateParams, call: CallOptions = {}): Promise<ActivateResult> {
    call = callOptions('marketplace.activate', call);
    const { parseInput, activateParamsSchema } = await loadSchemas();
    const p = parseInput('marketplace.activate', activateParamsSchema, params);
    const found = await this.getInstallation(p.locationId, call);
    if (found?.status === 'active') return this.#alreadyActive(p);
    if (found?.status !== 'pending') {
      throw new InstallationStateError('marketplace.activate', p.locationId, found?.status ?? null);
    }
    return this.#post(p, call);
  }

  /** @internal See {@link postActivation}. */
  async [postActivation](params: ActivateParams, call: CallOptions = {}): Promise<ActivateResult> {
    call = callOptions('marketplace.activate', call);
    const { parseInput, activateParamsSchema } = await loadSchemas();
    return this.#post(parseInput('marketplace.activate', activateParamsSchema, params), call);
  }

  async #post(p: z.output<typeof activateParamsSchema>, call: CallOptions): Promise<ActivateResult> {
    try {
      await this.#ctx.transport.request({
        method: 'POST',
        signal: call.signal,
        host: 'app',
        path: '/marketplace/partner/callback',
        body: this.#activationBody(p),
        writeOnce: true,
        secrets: [p.apiKey, p.login, p.secretKey],
        hints: activationHints,
      });
    } catch (error) {
      // Two instances racing: the other one activated it between our read and our post.
      if (isAlreadyInstalled(error)) return this.#alreadyActive(p);
      throw error;
    }
    return { outcome: 'activated' };
  }

  /**
   * Activates like {@link Marketplace.activate}, through the browser variant (POST app
   * `/marketplace/partner/callback/redirect`). The 301 is not followed: its `Location` is returned so you
   * can send the user's browser there. 200, 201 and 301 all mean success.
   *
   * Unlike `activate`, it does not read the installation first; an active one answers
   * `PermissionDeniedError` (403 "The user has already installed this application.").
   *
   * @returns `{ redirectUrl }`: the `Location` header exactly as sent, or `null` when there is none.
   * @throws {ValidationError} 422: not pending (e.g. the 12-hour window passed).
   * @example
   * ```ts
   * const { redirectUrl } = await altegio.marketplace.activateWithRedirect({ locationId: 456 });
   * if (redirectUrl) res.redirect(redirectUrl);
   * ```
   */
  async activateWithRedirect(
    params: ActivateParams,
    call: CallOptions = {},
  ): Promise<ActivateRedirectResult> {
    call = callOptions('marketplace.activateWithRedirect', call);
    const { parseInput, activateParamsSchema } = await loadSchemas();
    const p = parseInput('marketplace.activateWithRedirect', activateParamsSchema, params);
    const { headers } = await this.#ctx.transport.requestRaw({
      method: 'POST',
      signal: call.signal,
      host: 'app',
      path: '/marketplace/partner/callback/redirect',
      body: this.#activationBody(p),
      writeOnce: true,
      redirect: 'manual',
      secrets: [p.apiKey, p.login, p.secretKey],
      hints: activationHints,
    });
    return { redirectUrl: headers.get('location') || null };
  }
}

function isAlreadyInstalled(error: unknown): boolean {
  return (
    error instanceof PermissionDeniedError &&
    error.apiMessage?.trim().toLowerCase() === ALREADY_INSTALLED.toLowerCase()
  );
}
