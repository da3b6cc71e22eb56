/**
 * Whether a process owner's `validate.pattern` is safe to run on what users type. JavaScript's
 * regular expressions backtrack: `(a+)+$` takes exponential time on "aaaa…b", `a*a*a*b` polynomial (a minute on 1,000 characters)
 * time. The server runs the pattern at every completion, so a pattern is refused unless its work is
 * bounded by its shape:
 * - it compiles (with the `u` flag, as form-validator.ts runs it), and is at most MAX_PATTERN_LENGTH;
 * - no quantified group holds a quantifier or an alternation (the exponential cases);
 * - no back-reference and no lookaround (their cost cannot be read from the shape);
 * - at most MAX_VARIABLE_REPEATS quantifiers that repeat a variable number of times (`*`, `+`,
 *   `{n,m}` with m > n), and counted repeats of at most MAX_REPEAT_COUNT.
 * Together with a field's maxLength (required beside a pattern, see form-schema-server-checks.ts)
 * that bounds the work to a polynomial of low degree in a short input. Conservative on purpose: a
 * pattern refused here can be written in a simpler form.
 */

export const MAX_PATTERN_LENGTH = 300;
export const MAX_VARIABLE_REPEATS = 2;
export const MAX_REPEAT_COUNT = 1_000;

export interface PatternRisk {
  code: 'invalid-pattern' | 'unsafe-pattern';
  message: string;
}

interface Group {
  quantified: boolean;
  alternation: boolean;
}

/** Why a pattern is refused (Dutch, for the process owner), or undefined when it may be used. */
export function patternRisk(pattern: string): PatternRisk | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return unsafe(`het patroon is langer dan ${MAX_PATTERN_LENGTH} tekens.`);
  }
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return {
      code: 'invalid-pattern',
      message: `het patroon is geen geldige reguliere expressie (${(error as Error).message}).`,
    };
  }
  const stack: Group[] = [{ quantified: false, alternation: false }];
  let variableRepeats = 0;
  let index = 0;
  /** Reads the quantifier at `index`, if any, and what it means for the atom before it. */
  const quantifier = (): { variable: boolean; repeats: boolean } | PatternRisk | undefined => {
    const char = pattern[index];
    let result: { variable: boolean; repeats: boolean; upper: number } | undefined;
    if (char === '*' || char === '+') {
      index += 1;
      result = { variable: true, repeats: true, upper: Number.POSITIVE_INFINITY };
    } else if (char === '?') {
      index += 1;
      result = { variable: false, repeats: false, upper: 1 };
    } else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
      if (match) {
        index += match[0].length;
        const lower = Number(match[1]);
        const upper = match[2] === undefined ? lower : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
        if (Number.isFinite(upper) ? upper > MAX_REPEAT_COUNT : lower > MAX_REPEAT_COUNT) {
          return unsafe(`een herhaling telt hoogstens tot ${MAX_REPEAT_COUNT}.`);
        }
        result = { variable: upper > lower, repeats: upper > 1, upper };
      }
    }
    if (!result) return undefined;
    if (pattern[index] === '?') index += 1; // lazy: the same backtracking, in another order
    return result;
  };
  while (index < pattern.length) {
    const char = pattern[index]!;
    let atomIsGroup: Group | undefined;
    if (char === '\\') {
      const next = pattern[index + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return unsafe('een terugverwijzing (\\1, \\k<naam>) is niet toegestaan.');
      index += 2;
      // \p{…}, \u{…}: the braces belong to the escape, not to a quantifier.
      if ((next === 'p' || next === 'P' || next === 'u') && pattern[index] === '{') {
        index = pattern.indexOf('}', index) + 1;
      }
    } else if (char === '[') {
      index = classEnd(pattern, index);
    } else if (char === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(index))) {
        return unsafe('vooruit- of terugkijken ((?=…), (?!…), (?<=…), (?<!…)) is niet toegestaan.');
      }
      stack.push({ quantified: false, alternation: false });
      index += pattern.startsWith('(?:', index) ? 3 : 1;
      continue;
    } else if (char === ')') {
      atomIsGroup = stack.pop();
      index += 1;
    } else if (char === '|') {
      stack[stack.length - 1]!.alternation = true;
      index += 1;
      continue;
    } else {
      index += 1;
    }
    const quantified = quantifier();
    if (quantified && 'code' in quantified) return quantified;
    const current = stack[stack.length - 1]!;
    if (atomIsGroup) {
      if (quantified?.repeats && (atomIsGroup.quantified || atomIsGroup.alternation)) {
        return unsafe(
          'een herhaalde groep bevat zelf een herhaling of een keuze (zoals (a+)+ of (a|b)*); schrijf het patroon zonder geneste herhaling.',
        );
      }
      current.quantified ||= atomIsGroup.quantified;
    }
    if (quantified) {
      current.quantified = true;
      if (quantified.variable) variableRepeats += 1;
    }
  }
  if (variableRepeats > MAX_VARIABLE_REPEATS) {
    return unsafe(`het patroon heeft ${variableRepeats} variabele herhalingen; hoogstens ${MAX_VARIABLE_REPEATS}.`);
  }
  return undefined;
}

/** The index after the character class that starts at `start` (the pattern compiled, so it closes). */
function classEnd(pattern: string, start: number): number {
  let index = start + 1;
  if (pattern[index] === '^') index += 1;
  while (index < pattern.length && pattern[index] !== ']') index += pattern[index] === '\\' ? 2 : 1;
  return index + 1;
}

function unsafe(reason: string): PatternRisk {
  return { code: 'unsafe-pattern', message: `het patroon kan te lang rekenen: ${reason}` };
}
