import { useState } from 'preact/hooks';
import { navigate } from '../../app/router';

/**
 * Any two versions, not only neighbours ("what changed since the version my cases use?"): of a
 * process or of a form, whose comparison each lives at its own address (`href`).
 */
export function CompareVersionsForm(props: {
  /** Newest first. */
  versions: readonly { version: number }[];
  from?: number;
  to?: number;
  /** The comparison's address for two version numbers, older first. */
  href: (from: number, to: number) => string;
  /** The heading's level where the form stands: under "Versies" (3) or under the comparison's title (2). */
  headingLevel: 2 | 3;
}) {
  const { versions, href } = props;
  const [from, setFrom] = useState(String(props.from ?? versions[1]?.version ?? ''));
  const [to, setTo] = useState(String(props.to ?? versions[0]?.version ?? ''));
  const same = from === to;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!same) navigate(href(Number(from), Number(to)));
  };
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  const options = versions.map((version) => (
    <option key={version.version} value={String(version.version)}>
      Versie {version.version}
    </option>
  ));
  return (
    <form class="compare-form" onSubmit={submit} aria-labelledby="vergelijk-titel">
      <Heading id="vergelijk-titel">Twee versies vergelijken</Heading>
      <div class="compare-fields">
        <div class="field">
          <label for="vergelijk-van">Oude versie</label>
          <select
            id="vergelijk-van"
            value={from}
            onChange={(event) => setFrom((event.currentTarget as HTMLSelectElement).value)}
          >
            {options}
          </select>
        </div>
        <div class="field">
          <label for="vergelijk-met">Nieuwe versie</label>
          <select
            id="vergelijk-met"
            value={to}
            onChange={(event) => setTo((event.currentTarget as HTMLSelectElement).value)}
          >
            {options}
          </select>
        </div>
        <button type="submit" disabled={same} aria-describedby={same ? 'vergelijk-zelfde' : undefined}>
          Vergelijken
        </button>
      </div>
      {same ? (
        <p id="vergelijk-zelfde" class="muted">
          Kies twee verschillende versies.
        </p>
      ) : null}
    </form>
  );
}
