import { MIN_PASSWORD_LENGTH, type ProblemItem } from '../contract/api';
import { COMMON_PASSWORDS } from './common-passwords';

const COMMON = new Set(COMMON_PASSWORDS);
const MIN_USERNAME_IN_PASSWORD = 4;

/**
 * Why a new password is refused, as the field problem the form shows under `new`, or undefined when
 * it is fine. NCSC and NIST advise length and a check against known passwords over rules about
 * character classes, so that is what is checked: at least MIN_PASSWORD_LENGTH characters, not a
 * common password (also not one with digits or signs around it, nor one word repeated), and not
 * the username or the password it replaces.
 */
export function passwordProblem(
  password: string,
  context: { username: string; current?: string },
): ProblemItem | undefined {
  const refuse = (code: string, message: string): ProblemItem => ({ path: 'new', code, message });
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return refuse('min-length', `Kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens.`);
  if (context.current !== undefined && password === context.current)
    return refuse('unchanged', 'Het nieuwe wachtwoord moet anders zijn dan het huidige.');
  const lower = password.toLowerCase();
  const username = context.username.toLowerCase();
  // A short username ("slt") turns up in sentences by chance; a longer one is a guess attackers try.
  if (username.length >= MIN_USERNAME_IN_PASSWORD ? lower.includes(username) : stripped(lower) === username)
    return refuse('username', 'Het wachtwoord mag uw gebruikersnaam niet bevatten.');
  if (isCommon(lower))
    return refuse(
      'common',
      'Dit wachtwoord is te bekend en wordt snel geraden. Kies een langere zin of woordcombinatie.',
    );
  return undefined;
}

function isCommon(lower: string): boolean {
  if (COMMON.has(lower)) return true;
  // "Welkom2024!", "!!wachtwoord01": a common base with digits and signs around it.
  const base = stripped(lower);
  if (base !== lower && COMMON.has(base)) return true;
  // One character or one chunk repeated ("aaaaaaaaaaaa", "abcabcabcabc", "welkom01welkom01").
  if (/^(.+)\1+$/u.test(lower)) return true;
  // A run of the keyboard or the alphabet, or of digits, with nothing else.
  return /^\d+$/.test(lower) || isSequence(lower);
}

/** Without the digits and signs at either end. */
function stripped(lower: string): string {
  return lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** "abcdefghijklm", "987654321098": each character one step from the last. */
function isSequence(lower: string): boolean {
  const codes = [...lower].map((character) => character.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  if (Math.abs(step) !== 1) return false;
  return codes.every((code, index) => index === 0 || code - codes[index - 1]! === step);
}
