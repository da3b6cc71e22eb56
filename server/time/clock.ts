/**
 * The server's notion of "now". Timers, due dates and history all read it, so a test clock can
 * move the whole server forward in time consistently.
 */
export interface Clock {
  now(): Date;
  /** Whether advance() is allowed (TEST_CLOCK=1). */
  readonly adjustable: boolean;
  /** Moves time forward; only an adjustable clock accepts it. */
  advance(ms: number): void;
  /** Milliseconds the clock runs ahead of real time (0 for the system clock). */
  readonly offsetMs: number;
}

export class SystemClock implements Clock {
  readonly adjustable: boolean = false;
  readonly offsetMs: number = 0;
  now(): Date {
    return new Date();
  }
  advance(): void {
    throw new Error('the system clock cannot be moved');
  }
}

/** Real time plus an offset that only grows: time never runs backwards, also for timers. */
export class TestClock implements Clock {
  readonly adjustable: boolean = true;
  constructor(private offset = 0) {}
  /** A test clock that reads `start` now and runs on from there. */
  static startingAt(start: Date): TestClock {
    return new TestClock(start.getTime() - Date.now());
  }
  get offsetMs(): number {
    return this.offset;
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('the test clock only moves forward');
    this.offset += ms;
  }
}
