import { createHash } from 'node:crypto';

/**
 * What is stored of a session id: its SHA-256. A session id is 256 random bits, so a plain hash
 * cannot be reversed or guessed, and no salt or slow hash is needed (unlike passwords).
 */
export function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}
