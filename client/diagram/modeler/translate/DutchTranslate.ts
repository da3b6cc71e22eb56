import { DUTCH } from './dutch';

type Replacements = Record<string, string>;

/** Templates whose Dutch depends on a count: "1 fout", "2 fouten". */
const COUNTED: Readonly<Record<string, (replacements: Replacements) => string>> = {
  '{errors} Errors, {warnings} Warnings': ({ errors = '0', warnings = '0' }) =>
    `${errors} ${errors === '1' ? 'fout' : 'fouten'}, ${warnings} ${warnings === '1' ? 'waarschuwing' : 'waarschuwingen'}`,
};

/**
 * diagram-js's `translate` service in Dutch: the same template syntax (`{name}`), with the English
 * template as the fallback for anything the dictionary does not (yet) hold.
 */
export default function dutchTranslate(template: string, replacements: Replacements = {}): string {
  const counted = COUNTED[template];
  if (counted) return counted(replacements);
  const text = DUTCH[template] ?? template;
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}
