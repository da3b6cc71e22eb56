import { isIPv6 } from 'node:net';
import { MAX_USERNAME_LENGTH } from '../contract/api';

/**
 * Slows down password guessing without handing an attacker a way to lock the real user out.
 *
 * Three counters of failed logins within a sliding window (15 minutes by default):
 *
 * - **username + address**: the strict lockout. After `maxPairFailures` failures for one
 *   username from one address, that address may not try that username again until the window
 *   has passed (429 with Retry-After). Someone guessing from their own machine is stopped; the
 *   real user, logging in from another address, is not.
 * - **address**: a strict limit over all usernames. After `maxAddressFailures` failures from one
 *   address, that address may not log in at all for the rest of the window. This stops one
 *   address from spraying passwords over many usernames, and from flooding the counters.
 * - **username alone**: only a soft, bounded slow-down. Once a username has collected
 *   `softUsernameFailures` failures from any addresses, every further attempt for it waits a
 *   delay that doubles per failure up to `maxDelayMs` before the password is checked. Guessing
 *   from many addresses gets slower; the real user still gets in, at worst a few seconds later.
 *
 * Check and count are one synchronous step: `reserve` counts an attempt as failed *before* the
 * (asynchronous) password check, and a successful login gives the reservation back. So parallel
 * attempts cannot all pass the check before any of them is counted.
 *
 * Memory is bounded: usernames longer than `maxUsernameLength` are refused before anything is
 * stored (the login route answers 400 for them first), each counter keeps at most as many
 * timestamps as its limit, and each map holds at most `maxKeys` keys, evicting the least recently
 * failed ones. IPv6 addresses count per /64 (what one subscriber usually holds), so hopping
 * through one's own prefix does not reset the counters. Evicting can forget a lockout early; filling the maps takes one address past its
 * own limit first, so only many addresses together can do that. Kept in memory: a restart
 * forgets it, which is acceptable for a brake (not a ban).
 */

export interface LoginThrottleOptions {
  /** @default 10 */
  maxPairFailures?: number;
  /** @default 100 */
  maxAddressFailures?: number;
  /** @default 10 */
  softUsernameFailures?: number;
  /** Delay of the first slowed-down attempt; doubles with every further failure. @default 250 */
  baseDelayMs?: number;
  /** @default 2_000 */
  maxDelayMs?: number;
  /** @default 15 minutes */
  windowMs?: number;
  /** @default 10_000 */
  maxKeys?: number;
  /** @default 200 */
  maxUsernameLength?: number;
  now?: () => number;
}

export type Reservation =
  | {
      allowed: true;
      /** How long to wait before checking the password (the soft slow-down per username). */
      delayMs: number;
      /** The password was right: the attempt no longer counts as a failure. */
      succeeded(): void;
    }
  | {
      allowed: false;
      /** Milliseconds until this address may try again. */
      retryAfterMs: number;
      /** Whether the address as a whole is blocked, rather than this username from it. */
      scope: 'address' | 'username';
    };

export class LoginThrottle {
  private readonly maxPairFailures: number;
  private readonly maxAddressFailures: number;
  private readonly softUsernameFailures: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly windowMs: number;
  readonly maxUsernameLength: number;
  private readonly now: () => number;
  private readonly pairs: FailureLog;
  private readonly addresses: FailureLog;
  private readonly usernames: FailureLog;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxPairFailures = options.maxPairFailures ?? 10;
    this.maxAddressFailures = options.maxAddressFailures ?? 100;
    this.softUsernameFailures = options.softUsernameFailures ?? 10;
    this.baseDelayMs = options.baseDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 2_000;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxUsernameLength = options.maxUsernameLength ?? MAX_USERNAME_LENGTH;
    this.now = options.now ?? Date.now;
    const maxKeys = options.maxKeys ?? 10_000;
    this.pairs = new FailureLog(maxKeys, this.maxPairFailures, this.windowMs);
    this.addresses = new FailureLog(maxKeys, this.maxAddressFailures, this.windowMs);
    // The slow-down grows up to maxDelayMs; more timestamps than that would never change it.
    const softCap = this.softUsernameFailures + Math.ceil(Math.log2(this.maxDelayMs / this.baseDelayMs)) + 1;
    this.usernames = new FailureLog(maxKeys, Math.max(1, softCap), this.windowMs);
  }

  /**
   * Checks and counts one login attempt in one step. A refused attempt is not counted (it costs
   * no password check). Throws a RangeError for a username longer than `maxUsernameLength`:
   * callers refuse those before.
   */
  reserve(username: string, address: string): Reservation {
    if (username.length > this.maxUsernameLength) throw new RangeError('username too long for the login throttle');
    const now = this.now();
    const user = username.toLowerCase();
    address = addressKey(address);
    const pair = `${address}\n${user}`;
    const addressWait = this.addresses.waitFor(address, this.maxAddressFailures, now);
    if (addressWait > 0) return { allowed: false, retryAfterMs: addressWait, scope: 'address' };
    const pairWait = this.pairs.waitFor(pair, this.maxPairFailures, now);
    if (pairWait > 0) return { allowed: false, retryAfterMs: pairWait, scope: 'username' };

    const userFailures = this.usernames.count(user, now);
    const over = userFailures - this.softUsernameFailures;
    const delayMs = over < 0 ? 0 : Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.min(over, 30));

    this.pairs.add(pair, now);
    this.addresses.add(address, now);
    this.usernames.add(user, now);
    let settled = false;
    return {
      allowed: true,
      delayMs,
      succeeded: () => {
        if (settled) return;
        settled = true;
        // The right password ends the lockout of this user from this address; the address and
        // the username give back only this one attempt.
        this.pairs.delete(pair);
        this.addresses.remove(address, now);
        this.usernames.remove(user, now);
      },
    };
  }

  /** How many keys all counters hold together (for tests and monitoring). */
  get size(): number {
    return this.pairs.size + this.addresses.size + this.usernames.size;
  }

  /** Whether any counter holds a key for this username (for tests). */
  knows(username: string): boolean {
    const user = username.toLowerCase();
    return this.usernames.has(user) || this.pairs.someKey((key) => key.endsWith(`\n${user}`));
  }
}

/**
 * The address a counter is kept for: an IPv4 address (also IPv4-mapped IPv6) as it is, an IPv6
 * address by its /64 prefix.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...headGroups, ...Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/** Failure timestamps per key, bounded in keys (least recently failed evicted) and per key. */
class FailureLog {
  private readonly entries = new Map<string, number[]>();

  constructor(
    private readonly maxKeys: number,
    private readonly maxPerKey: number,
    private readonly windowMs: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  someKey(matches: (key: string) => boolean): boolean {
    for (const key of this.entries.keys()) if (matches(key)) return true;
    return false;
  }

  count(key: string, now: number): number {
    return this.recent(key, now).length;
  }

  /** Milliseconds until the key is below `limit` failures again; 0 when it is already. */
  waitFor(key: string, limit: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < limit) return 0;
    return Math.max(1, recent[recent.length - limit]! + this.windowMs - now);
  }

  add(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    if (recent.length > this.maxPerKey) recent.splice(0, recent.length - this.maxPerKey);
    // Re-inserting moves the key to the end: the map's order is least recently failed first.
    this.entries.delete(key);
    this.entries.set(key, recent);
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Gives back one attempt counted at `at`. */
  remove(key: string, at: number): void {
    const recent = this.entries.get(key);
    if (!recent) return;
    const index = recent.lastIndexOf(at);
    if (index >= 0) recent.splice(index, 1);
    if (recent.length === 0) this.entries.delete(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const stored = this.entries.get(key);
    if (!stored) return [];
    const cutoff = now - this.windowMs;
    const recent = stored.filter((at) => at > cutoff);
    if (recent.length === 0) this.entries.delete(key);
    else if (recent.length !== stored.length) this.entries.set(key, recent);
    return recent;
  }
}
