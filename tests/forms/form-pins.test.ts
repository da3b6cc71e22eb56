import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../../server/contract/api';
import { effectivePins, latestPins, pinnedVersion, samePins } from '../../server/forms/form-pins';
import type { FormVersionMeta, FormVersions } from '../../server/forms/form-versions';

/** Form "intake" with versions made on 1, 10 and 20 March, and "controle" with one on 5 March. */
function versions(): FormVersions {
  const meta = (key: string, version: number, day: number): FormVersionMeta => ({
    key,
    version,
    title: key,
    sha256: `${key}-${version}`.padEnd(64, '0'),
    createdAt: `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    createdBy: 'eigenaar',
  });
  const all: Record<string, FormVersionMeta[]> = {
    intake: [meta('intake', 1, 1), meta('intake', 2, 10), meta('intake', 3, 20)],
    controle: [meta('controle', 1, 5)],
  };
  return {
    latestVersions: () => Object.values(all).map((list) => list[list.length - 1]!),
    latest: (key) => all[key]?.[all[key]!.length - 1],
    version: (key, version) => all[key]?.find((candidate) => candidate.version === version),
    versions: (key) => all[key],
    schema: async (key, version) =>
      all[key]?.some((candidate) => candidate.version === version) ? ({ id: key } satisfies FormSchema) : undefined,
  };
}

describe('form pins', () => {
  it('pins the latest version of each named form that exists, sorted by key', () => {
    expect(latestPins(['intake', 'controle', 'intake', 'bestaat-niet'], versions())).toEqual({
      controle: 1,
      intake: 3,
    });
    expect(Object.keys(latestPins(['intake', 'controle'], versions()))).toEqual(['controle', 'intake']);
  });

  it('uses exactly the pins of a version deployed with them', () => {
    const pinned = { forms: { intake: 2 }, deployedAt: '2026-03-25T00:00:00.000Z' };
    expect(pinnedVersion(pinned, 'intake', versions())).toBe(2);
    // A form it did not pin it does not have, whatever exists now.
    expect(pinnedVersion(pinned, 'controle', versions())).toBeUndefined();
  });

  it('resolves a version deployed before pinning to the form current when it was deployed, else version 1', () => {
    const legacy = (deployedAt: string) => ({ deployedAt });
    expect(pinnedVersion(legacy('2026-03-15T00:00:00.000Z'), 'intake', versions())).toBe(2);
    expect(pinnedVersion(legacy('2026-03-20T09:00:00.000Z'), 'intake', versions())).toBe(3);
    expect(pinnedVersion(legacy('2026-02-01T00:00:00.000Z'), 'intake', versions())).toBe(1);
    expect(pinnedVersion(legacy('2026-02-01T00:00:00.000Z'), 'bestaat-niet', versions())).toBeUndefined();
    expect(effectivePins(legacy('2026-03-15T00:00:00.000Z'), ['intake', 'controle'], versions())).toEqual({
      controle: 1,
      intake: 2,
    });
  });

  it('compares pins by key and version, not by order', () => {
    expect(samePins({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(samePins({ a: 1 }, { a: 2 })).toBe(false);
    expect(samePins({ a: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(samePins({}, {})).toBe(true);
  });
});
