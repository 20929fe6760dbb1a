import { emptyWebhookSettings, HOOK_FLAGS } from './schemas';
import type {
  FakeFrame,
  FakeWebhookSettingsWire,
  FakeCall,
  FakeInstallation,
  FakeInstallationStatus,
  FakePayment,
  FakeStatusLog,
  FakeTelephony,
  FakeVoipCommand,
} from './types';

// What the fake remembers: links (one per location) and their state machine, chains with their
// telephony, payments, frames and webhook settings. No HTTP here: the routes read and change this.

/** A location's link: the snapshot {@link FakeInstallation}, mutable, plus the pending refund disable. */
export interface Link extends Omit<FakeInstallation, 'channels' | 'logs'> {
  channels: Record<string, boolean>;
  logs: FakeStatusLog[];
  /** When (fake epoch ms) a refund disables the link. */
  disableAt: number | undefined;
}

/** A chain's telephony: the snapshot {@link FakeTelephony}, with mutable lists. */
export interface Chain extends Omit<FakeTelephony, 'locationIds' | 'commands' | 'calls'> {
  locationIds: Set<number>;
  commands: FakeVoipCommand[];
  calls: FakeCall[];
}

/** What a grant names: the locations, and the chain with its CRM token when there is one. */
export interface Grant {
  locationIds: readonly number[];
  chainId?: number | undefined;
  crmToken?: string | undefined;
}

/** A payment before the fake gives it an id. */
export type NewPayment = Omit<FakePayment, 'id' | 'isRefunded'>;

/** How long after a refund Altegio disables the integration (within an hour). */
const REFUND_DISABLE_MS = 3_600_000;

const pad = (value: number): string => String(value).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in UTC, the fake's own timestamp format. */
export function fakeDateTime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** The fake's memory and its installation state machine. @internal */
export class FakeState {
  readonly #clock: () => Date;
  readonly links = new Map<number, Link>();
  readonly chains = new Map<string, Chain>();
  readonly payments: FakePayment[] = [];
  readonly #frames = new Map<number, FakeFrame[]>();
  readonly #settings = new Map<number, FakeWebhookSettingsWire>();
  #offset = 0;
  #nextPaymentId = 1001;
  #nextCallId = 8_923_525;

  constructor(clock: () => Date) {
    this.#clock = clock;
  }

  /** The fake's current time (the injected clock plus {@link advance}). */
  now(): Date {
    return new Date(this.#clock().getTime() + this.#offset);
  }

  advance(ms: number): void {
    this.#offset += ms;
  }

  /** Forgets everything and rewinds the clock offset. */
  reset(): void {
    this.links.clear();
    this.chains.clear();
    this.payments.length = 0;
    this.#frames.clear();
    this.#settings.clear();
    this.#offset = 0;
  }

  /** Creates (or renews) a `pending` link per location and joins them to the chain, if any. */
  grant({ locationIds, chainId, crmToken }: Grant): void {
    const now = this.now();
    for (const locationId of locationIds) {
      const link = this.links.get(locationId);
      if (link && link.status !== 'uninstalled') {
        // A location already running the app cannot be picked again; a pending one gets a new window.
        if (link.status === 'pending') link.grantedAt = now;
        continue;
      }
      const fresh = newLink(locationId, now, chainId, link?.logs ?? []);
      this.links.set(locationId, fresh);
      this.log(fresh, 'pending', 'marketplace', link?.status ?? 'uninstalled');
    }
    if (crmToken === undefined) return;
    const chain = this.chains.get(crmToken) ?? {
      chainId,
      locationIds: new Set<number>(),
      enabled: false,
      commands: [],
      calls: [],
    };
    for (const locationId of locationIds) chain.locationIds.add(locationId);
    this.chains.set(crmToken, chain);
  }

  /** Moves a link to `to`, writing the `logs[]` entry. */
  log(
    link: Link,
    to: FakeInstallationStatus,
    source: string,
    from: FakeInstallationStatus = link.status,
  ): void {
    link.logs.push({ changed_at: fakeDateTime(this.now()), status_from: from, status_to: to, source });
    link.status = to;
  }

  /** Applies time-driven transitions: a refund disables its link an hour later. */
  settle(): void {
    const now = this.now().getTime();
    for (const link of this.links.values()) {
      if (link.disableAt !== undefined && now >= link.disableAt) {
        link.disableAt = undefined;
        if (link.status !== 'uninstalled') this.log(link, 'uninstalled', 'refund');
      }
    }
  }

  /** The link of a location where the app is installed (any status but `uninstalled`). */
  installed(locationId: number): Link | undefined {
    const link = this.links.get(locationId);
    return link && link.status !== 'uninstalled' ? link : undefined;
  }

  chainOf(locationId: number): Chain | undefined {
    for (const chain of this.chains.values()) if (chain.locationIds.has(locationId)) return chain;
    return undefined;
  }

  /** Records a payment; a frozen link becomes active again. */
  addPayment(payment: NewPayment): FakePayment {
    const link = this.installed(payment.locationId);
    if (link?.status === 'freezed') this.log(link, 'active', 'payment');
    const saved: FakePayment = { id: this.#nextPaymentId++, ...payment, isRefunded: false };
    this.payments.push(saved);
    return saved;
  }

  /** Marks a payment refunded; the integration is disabled within the hour. */
  refund(payment: FakePayment): void {
    payment.isRefunded = true;
    const link = this.installed(payment.locationId);
    if (link) link.disableAt = this.now().getTime() + REFUND_DISABLE_MS;
  }

  /** The next id of a saved call. */
  nextCallId(): number {
    return this.#nextCallId++;
  }

  installation(locationId: number): FakeInstallation | undefined {
    this.settle();
    const link = this.links.get(locationId);
    if (!link) return undefined;
    const { disableAt: _, ...snapshot } = link;
    return {
      ...snapshot,
      webhookUrls: [...link.webhookUrls],
      shortNames: [...link.shortNames],
      channels: { ...link.channels },
      logs: link.logs.map((entry) => ({ ...entry })),
    };
  }

  telephony(crmToken: string): FakeTelephony | undefined {
    const chain = this.chains.get(crmToken);
    if (!chain) return undefined;
    return {
      chainId: chain.chainId,
      locationIds: [...chain.locationIds],
      enabled: chain.enabled,
      commands: chain.commands.map((command) => ({ ...command })),
      calls: chain.calls.map((item) => ({ ...item })),
    };
  }

  paymentsOf(locationId: number | undefined): FakePayment[] {
    this.settle();
    return this.payments
      .filter((payment) => locationId === undefined || payment.locationId === locationId)
      .map((payment) => ({ ...payment }));
  }

  frames(locationId: number): FakeFrame[] {
    return (this.#frames.get(locationId) ?? []).map((frame) => ({ ...frame }));
  }

  /** A location has one slot per frame type: a new chat frame replaces the old one. */
  installFrame(locationId: number, frame: FakeFrame): void {
    const kept = (this.#frames.get(locationId) ?? []).filter((item) => item.type !== frame.type);
    this.#frames.set(locationId, [...kept, { ...frame }]);
  }

  webhookSettings(locationId: number): FakeWebhookSettingsWire {
    const stored = this.#settings.get(locationId);
    return stored ? { ...stored, urls: [...stored.urls] } : emptyWebhookSettings();
  }

  setWebhookSettings(locationId: number, settings: FakeWebhookSettingsWire): void {
    this.#settings.set(locationId, { ...settings, urls: [...settings.urls] });
  }

  /**
   * What an activation's `webhook_urls` do, as Altegio's installer does: they join the location's
   * settings (after the URLs already there, other apps' included, without repeats), which become
   * active for the standard entity set. The settings are the one place the URLs live.
   */
  addActivationWebhookUrls(locationId: number, urls: readonly string[]): void {
    if (urls.length === 0) return;
    const current = this.webhookSettings(locationId);
    const merged = [...current.urls, ...urls.filter((url) => !current.urls.includes(url))];
    const next: FakeWebhookSettingsWire = { ...current, urls: [...new Set(merged)], active: 1 };
    for (const flag of HOOK_FLAGS) next[flag] = 1;
    this.setWebhookSettings(locationId, next);
  }
}

function newLink(locationId: number, now: Date, chainId: number | undefined, logs: FakeStatusLog[]): Link {
  return {
    locationId,
    status: 'pending',
    createdAt: fakeDateTime(now),
    grantedAt: now,
    chainId,
    webhookUrls: [],
    hasApiKey: false,
    shortNames: [],
    channels: {},
    discount: undefined,
    chatUrl: undefined,
    tipsUrl: undefined,
    hasLogin: false,
    hasSecretKey: false,
    logs,
    disableAt: undefined,
  };
}
