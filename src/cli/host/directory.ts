// Who the console's Altegio users are, which locations it knows, and who connected each.
import type { HostUser } from '../fake-host';

const FIRST_LOCATION = 1001;
const FIRST_USER = 501;
const FIRST_CHAIN = 77;
const NAMES = ['Ann Lee', 'Bo Chen', 'Cy Diaz', 'Di Evans'];

/** The users and locations of a fake host. */
export interface Directory {
  /** Remembers a location id seen anywhere (ignores anything but a positive integer). */
  know(locationId: number): void;
  /** Records that `user` connected these locations. */
  own(locationIds: readonly number[], user: HostUser): void;
  /** A new Altegio user with their own chain. */
  newUser(): HostUser;
  /** The last user who connected, or a new one. */
  lastUser(): HostUser;
  /** The user who connected this location last. */
  ownerOf(locationId: number): HostUser | undefined;
  /** CRM tokens of the users so far. */
  crmTokens(): string[];
  /** A location id no installation uses yet. */
  nextLocationId(): number;
  /** Locations known, in the order they appeared. */
  locations(): number[];
}

/** A new directory with no users and no locations. */
export function createDirectory(): Directory {
  const users: HostUser[] = [];
  const owners = new Map<number, HostUser>();
  const known: number[] = [];
  const directory: Directory = {
    know(locationId) {
      if (Number.isSafeInteger(locationId) && locationId > 0 && !known.includes(locationId))
        known.push(locationId);
    },
    own(locationIds, user) {
      for (const id of locationIds) {
        directory.know(id);
        owners.set(id, user);
      }
    },
    newUser() {
      const n = users.length;
      const user: HostUser = {
        userId: FIRST_USER + n,
        name: NAMES[n % NAMES.length] ?? 'Ann Lee',
        email: `user${FIRST_USER + n}@example.com`,
        phone: `1555010${String(n).padStart(4, '0')}`,
        chainId: FIRST_CHAIN + n,
        crmToken: crypto.randomUUID(),
      };
      users.push(user);
      return user;
    },
    lastUser: () => [...owners.values()].at(-1) ?? users.at(-1) ?? directory.newUser(),
    ownerOf: (locationId) => owners.get(locationId),
    crmTokens: () => users.map((user) => user.crmToken),
    nextLocationId: () => Math.max(FIRST_LOCATION - 1, ...known) + 1,
    locations: () => [...known],
  };
  return directory;
}
