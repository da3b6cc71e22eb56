import { useState } from 'preact/hooks';
import type { FormVersion } from '../../../server/contract/forms';
import { navigate } from '../../app/router';
import { formCompareHref } from './form-api';

/** Any two versions of a form, not only neighbours: "what changed since the version my cases use?". */
export function FormCompareForm(props: {
  formKey: string;
  /** Newest first. */
  versions: readonly FormVersion[];
  from?: number;
  to?: number;
  /** The heading's level where the form stands: under "Versies" (3) or under the comparison's title (2). */
  headingLevel: 2 | 3;
}) {
  const { formKey, versions } = props;
  const [from, setFrom] = useState(String(props.from ?? versions[1]?.version ?? ''));
  const [to, setTo] = useState(String(props.to ?? versions[0]?.version ?? ''));
  const same = from === to;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!same) navigate(formCompareHref(formKey, Number(from), Number(to)));
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
