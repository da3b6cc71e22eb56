import type { DefinitionVersion } from '../contract/api';
import type { FormVersions } from './form-versions';

/** The form versions a diagram version uses, by form key. */
export type FormPins = Record<string, number>;

/**
 * The pins of a diagram deployed now: the latest version of every form it names that exists.
 * A key without any version is left out (the deploy check refuses it where forms exist at all).
 * Sorted by key, so equal pins compare and store alike.
 */
export function latestPins(formKeys: Iterable<string>, forms: FormVersions): FormPins {
  const pins: FormPins = {};
  for (const key of [...new Set(formKeys)].sort()) {
    const latest = forms.latest(key);
    if (latest) pins[key] = latest.version;
  }
  return pins;
}

/**
 * The version of one form a diagram version uses. A version deployed with pins uses exactly
 * those (a key it did not pin has no form, as it had none when deployed). One deployed before
 * forms were versioned uses what was current when it was deployed: the latest form version
 * created no later than the diagram, else version 1 (the product forms were stored as version 1
 * at the first start-up after the upgrade, after those diagrams).
 */
export function pinnedVersion(
  definition: Pick<DefinitionVersion, 'forms' | 'deployedAt'>,
  formKey: string,
  forms: FormVersions,
): number | undefined {
  if (definition.forms) return Object.hasOwn(definition.forms, formKey) ? definition.forms[formKey] : undefined;
  const versions = forms.versions(formKey);
  if (!versions || versions.length === 0) return undefined;
  const deployedAt = Date.parse(definition.deployedAt);
  const current = versions.filter((version) => Date.parse(version.createdAt) <= deployedAt);
  return (current[current.length - 1] ?? versions[0]!).version;
}

/** The pins a diagram version effectively has for the form keys it names: its own, or the resolved ones. */
export function effectivePins(
  definition: Pick<DefinitionVersion, 'forms' | 'deployedAt'>,
  formKeys: Iterable<string>,
  forms: FormVersions,
): FormPins {
  if (definition.forms) return definition.forms;
  const pins: FormPins = {};
  for (const key of [...new Set(formKeys)].sort()) {
    const version = pinnedVersion(definition, key, forms);
    if (version !== undefined) pins[key] = version;
  }
  return pins;
}

export function samePins(a: FormPins, b: FormPins): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && b[key] === a[key]);
}
