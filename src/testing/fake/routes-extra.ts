import * as z from 'zod';
import { failure, invalid, reply, type Route, route } from './route';

// Routes the fake added for the operations of C10–C12: the chat frame, webhook settings and dictionaries.

const id = z.number().int().positive();
const flag = z.union([z.literal(0), z.literal(1)]);

/** `POST app /marketplace/application/install_frame` body. */
const frameBody = z.looseObject({
  salon_id: id,
  application_id: id,
  type: z.literal('chat'),
  url: z.url(),
});

/** The entity switches of `hooks_settings`, in the order Altegio lists them. */
const HOOK_FLAGS = [
  'salon',
  'service_category',
  'service',
  'good',
  'master',
  'client',
  'record',
  'goods_operations_sale',
  'goods_operations_receipt',
  'goods_operations_consumable',
  'goods_operations_stolen',
  'goods_operations_move',
  'finances_operation',
] as const;

/** `POST api /hooks_settings/{location_id}` body (spec: `urls` and `active` required, at most 10 URLs). */
const settingsBody = z.looseObject({
  urls: z.array(z.url()).max(10, 'may hold at most 10 URLs'),
  active: flag,
  ...Object.fromEntries(HOOK_FLAGS.map((name) => [name, flag.optional()])),
  self_sending: flag.optional(),
});

/** A location's webhook settings as the fake stores them (wire shape, `1`/`0` switches). */
export interface FakeWebhookSettingsWire {
  /** Every URL the location sends entity webhooks to, whoever added it. */
  urls: string[];
  /** Whether notifications are on. */
  active: 0 | 1;
  /** Location events. */
  salon?: 0 | 1;
  /** Service category events. */
  service_category?: 0 | 1;
  /** Service events. */
  service?: 0 | 1;
  /** Product events. */
  good?: 0 | 1;
  /** Team member events. */
  master?: 0 | 1;
  /** Client events. */
  client?: 0 | 1;
  /** Appointment events. */
  record?: 0 | 1;
  /** Product sale events. */
  goods_operations_sale?: 0 | 1;
  /** Product arrival events. */
  goods_operations_receipt?: 0 | 1;
  /** Consumable write-off events. */
  goods_operations_consumable?: 0 | 1;
  /** Product write-off events. */
  goods_operations_stolen?: 0 | 1;
  /** Product movement events. */
  goods_operations_move?: 0 | 1;
  /** Financial operation events. */
  finances_operation?: 0 | 1;
  /** Whether the webhook creator also gets events of its own actions. */
  self_sending?: 0 | 1;
}

/** A frame installed in a location. */
export interface FakeFrame {
  /** `type`, `chat` for the journal sidebar panel. */
  type: string;
  /** The frame's base URL. */
  url: string;
}

const COUNTRIES = [
  {
    id: 7,
    title: 'USA',
    full_title: 'United States',
    iso_code: 'US',
    phone_code: '1',
    phone_template: '+1 xxx-xxx-xxxx',
    phone_example: '+1 201-123-4567',
    currency: '$',
    exchange: 32.99,
    lang_id: 2,
    group_type: 1,
    is_eu: false,
  },
  {
    id: 56,
    title: 'France',
    full_title: 'France',
    iso_code: 'FR',
    phone_code: '33',
    phone_template: '+33 x xx xx xx xx',
    phone_example: '+33 1 23 45 67 89',
    currency: '€',
    exchange: 11.18,
    lang_id: 8,
    group_type: 1,
    is_eu: true,
  },
];
const CITIES = [
  { id: 2, country_id: 7, title: 'New York' },
  { id: 3, country_id: 7, title: 'Chicago' },
  { id: 1500, country_id: 56, title: 'Paris' },
];
const BUSINESS_GROUPS = [
  { id: 10, title: 'Domestic services', types: [{ id: 31, title: 'Studio', business_group_id: 10 }] },
  {
    id: 1,
    title: 'beauty',
    types: [
      { id: 1, title: 'Beauty Salons', business_group_id: 1 },
      { id: 25, title: 'Spa', business_group_id: 1 },
    ],
  },
];

/** What the extra routes need from the fake. */
export interface ExtraRoutesHost {
  readonly applicationId: number;
  /** Whether the app is installed (any status but uninstalled) in the location. */
  isInstalled(locationId: number): boolean;
}

/** State and routes of the chat frame, webhook settings and dictionaries. @internal */
export class ExtraRoutes {
  readonly #frames = new Map<number, FakeFrame[]>();
  readonly #settings = new Map<number, FakeWebhookSettingsWire>();
  readonly #host: ExtraRoutesHost;

  constructor(host: ExtraRoutesHost) {
    this.#host = host;
  }

  /** Forgets frames and settings. */
  reset(): void {
    this.#frames.clear();
    this.#settings.clear();
  }

  frames(locationId: number): FakeFrame[] {
    return (this.#frames.get(locationId) ?? []).map((frame) => ({ ...frame }));
  }

  /** A location has one chat slot: a new chat frame replaces the old one. */
  installFrame(locationId: number, frame: FakeFrame): void {
    const kept = (this.#frames.get(locationId) ?? []).filter((item) => item.type !== frame.type);
    this.#frames.set(locationId, [...kept, { ...frame }]);
  }

  settings(locationId: number): FakeWebhookSettingsWire {
    const stored = this.#settings.get(locationId);
    if (stored) return { ...stored, urls: [...stored.urls] };
    return { urls: [], active: 0, ...Object.fromEntries(HOOK_FLAGS.map((name) => [name, 0])) };
  }

  setSettings(locationId: number, settings: FakeWebhookSettingsWire): void {
    this.#settings.set(locationId, { ...settings, urls: [...settings.urls] });
  }

  routes(): Route[] {
    const app = this.#host.applicationId;
    return [
      route('POST', 'app', /^\/marketplace\/application\/install_frame$/, (call) => {
        const parsed = frameBody.safeParse(call.body);
        if (!parsed.success) return invalid(parsed.error);
        if (parsed.data.application_id !== app) return failure(403, 'No application access');
        if (!this.#host.isInstalled(parsed.data.salon_id)) return failure(404, "Application isn't installed");
        this.installFrame(parsed.data.salon_id, { type: parsed.data.type, url: parsed.data.url });
        return reply(200, { success: true, data: null, meta: [] });
      }),
      route(
        'GET',
        'api',
        /^\/hooks_settings\/([^/]+)$/,
        (call) => {
          const locationId = Number(call.params[0]);
          if (!this.#host.isInstalled(locationId)) return failure(403, 'No access to this location.');
          return reply(200, { success: true, data: this.settings(locationId), meta: [] });
        },
        'partnerUser',
      ),
      route(
        'POST',
        'api',
        /^\/hooks_settings\/([^/]+)$/,
        (call) => {
          const locationId = Number(call.params[0]);
          if (!this.#host.isInstalled(locationId)) return failure(403, 'No access to this location.');
          const parsed = settingsBody.safeParse(call.body);
          if (!parsed.success) return invalid(parsed.error);
          // Altegio replaces the whole row: whatever is left out is gone.
          const next: FakeWebhookSettingsWire = { urls: [...parsed.data.urls], active: parsed.data.active };
          for (const name of [...HOOK_FLAGS, 'self_sending'] as const) {
            const value = (parsed.data as Record<string, unknown>)[name];
            if (value === 0 || value === 1) next[name] = value;
          }
          this.setSettings(locationId, next);
          return reply(201, { success: true, data: next, meta: [] });
        },
        'partnerUser',
      ),
      route('GET', 'api', /^\/countries$/, () => reply(200, { success: true, data: COUNTRIES, meta: [] })),
      route('GET', 'api', /^\/cities$/, (call) => {
        const country = call.query.get('country_id');
        const data = country === null ? CITIES : CITIES.filter((city) => String(city.country_id) === country);
        return reply(200, { success: true, data, meta: [] });
      }),
      route('GET', 'api', /^\/references\/business_groups_with_types$/, () =>
        reply(200, { success: true, data: BUSINESS_GROUPS, meta: { count: 3 } }),
      ),
    ];
  }
}
