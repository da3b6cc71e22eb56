/**
 * Storage refused a write (disk full, read-only, permissions, I/O error): what the caller asked
 * for is not stored, and nothing half-written was left behind. The HTTP layer answers 503, so a
 * client knows to try again later instead of believing the change was saved.
 */
export class StorageUnavailableError extends Error {
  /** What a user reads (Dutch). */
  readonly userDetail: string;

  /**
   * @param message for the server log: which file and what failed.
   * @param userDetail the Dutch sentence a user reads; by default, that the change was not saved.
   */
  constructor(message: string, options: { cause?: unknown; userDetail?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageUnavailableError';
    this.userDetail =
      options.userDetail ??
      'De wijziging is niet opgeslagen, omdat de opslag van de server nu niet beschikbaar is. Probeer het later opnieuw.';
  }

  static is(error: unknown): error is StorageUnavailableError {
    return error instanceof StorageUnavailableError;
  }
}

/** Wraps any failure of a storage operation, so callers see one error type, whatever the cause. */
export function storageFailure(what: string, cause: unknown): StorageUnavailableError {
  if (cause instanceof StorageUnavailableError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new StorageUnavailableError(`${what} failed: ${reason}`, { cause });
}

/**
 * The case changed since this copy of it was loaded (another node committed it): nothing was
 * stored. The unit of work loads the case again and retries the action on what is stored now.
 */
export class StaleCaseError extends Error {
  constructor(
    readonly caseId: string,
    readonly expected: number | undefined,
    readonly stored: number | undefined,
  ) {
    super(`case ${caseId} is at revision ${stored ?? 'none'}, not ${expected ?? 'none'}`);
    this.name = 'StaleCaseError';
  }
}
