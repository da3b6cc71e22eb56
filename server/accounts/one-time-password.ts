import { randomInt } from 'node:crypto';

/**
 * No 0/o, 1/l/i: the beheerder reads the password out or types it over, and a misread character
 * would lock the new user out.
 */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A random one-time password such as `k7mq-x3fp-9tra-w2hn`: 16 characters from 31 (about 79 bits),
 * in groups so it can be read out. It is changed at first login, so it only has to survive until then.
 */
export function oneTimePassword(): string {
  const groups: string[] = [];
  for (let group = 0; group < GROUPS; group++) {
    let text = '';
    for (let index = 0; index < GROUP_LENGTH; index++) text += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(text);
  }
  return groups.join('-');
}
