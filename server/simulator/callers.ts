import type { Faker } from '@faker-js/faker';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Someone who calls or chats. The simulator never reads the database: whoever starts it passes
 * the identities of seeded customers, so their timelines light up in the console. A name
 * matters for chats: the widget sends it, and a made-up one would rename the customer.
 */
export interface SimulatedCaller {
  kind: 'phone' | 'email';
  value: string;
  name?: string;
}

/** A caller ready for one channel: voice needs a phone; a chat visitor must give a name. */
export interface ChosenCaller {
  kind: 'phone' | 'email';
  value: string;
  /** Sent with a new caller so their screen pop has a name; left out for seeded ones, who have theirs. */
  name?: string;
}

export interface ChosenVisitor extends ChosenCaller {
  name: string;
}

const MAX_PHONE_DRAWS = 200;
/** Valid in libphonenumber's metadata (Manhattan); the last resort if every draw fails. */
const FALLBACK_PHONE = '+12127365000';

/**
 * A US number libphonenumber calls valid, as the server's identity normalisation requires.
 * Area codes and exchanges are drawn at random and checked; the 555 exchange is avoided
 * because most of it is unassigned and would be rejected.
 */
export function generateUsPhone(faker: Faker): string {
  for (let draw = 0; draw < MAX_PHONE_DRAWS; draw++) {
    const area = faker.number.int({ min: 201, max: 989 });
    const exchange = faker.number.int({ min: 200, max: 999 });
    if (exchange === 555 || exchange % 100 === 11) continue;
    const candidate = `+1${area}${exchange}${String(faker.number.int({ min: 0, max: 9999 })).padStart(4, '0')}`;
    if (parsePhoneNumberFromString(candidate)?.isValid()) return candidate;
  }
  return FALLBACK_PHONE;
}

/** Picks who calls next: a seeded customer when there are any, otherwise a new person. */
export class CallerPicker {
  private readonly phones: SimulatedCaller[];
  private readonly visitors: SimulatedCaller[];

  constructor(
    callers: readonly SimulatedCaller[],
    private readonly faker: Faker,
  ) {
    this.phones = callers.filter((c) => c.kind === 'phone');
    this.visitors = callers.filter((c) => c.name !== undefined);
  }

  forCall(): ChosenCaller {
    const known = this.phones.length > 0 ? this.faker.helpers.arrayElement(this.phones) : undefined;
    return known ? { kind: 'phone', value: known.value } : { kind: 'phone', value: generateUsPhone(this.faker), name: this.faker.person.fullName() };
  }

  forChat(): ChosenVisitor {
    const known = this.visitors.length > 0 ? this.faker.helpers.arrayElement(this.visitors) : undefined;
    if (known?.name) return { kind: known.kind, value: known.value, name: known.name };
    const firstName = this.faker.person.firstName();
    const lastName = this.faker.person.lastName();
    return { kind: 'email', value: this.faker.internet.email({ firstName, lastName, provider: 'example.com' }).toLowerCase(), name: `${firstName} ${lastName}` };
  }
}
