/**
 * Slows down password guessing: after `maxFailures` failed logins for one username within
 * `windowMs`, further attempts for that username are refused until the window has passed. Kept
 * in memory: a restart forgets it, which is acceptable for a brake (not a ban).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until this username may try again; 0 when it may try now. */
  waitFor(username: string): number {
    const recent = this.recent(username);
    if (recent.length < this.maxFailures) return 0;
    return recent[0]! + this.windowMs - this.now();
  }

  failed(username: string): void {
    const key = username.toLowerCase();
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeeded(username: string): void {
    this.failures.delete(username.toLowerCase());
  }

  private recent(username: string): number[] {
    const key = username.toLowerCase();
    const cutoff = this.now() - this.windowMs;
    const recent = (this.failures.get(key) ?? []).filter((at) => at > cutoff);
    if (recent.length === 0) this.failures.delete(key);
    else this.failures.set(key, recent);
    return recent;
  }
}
