import type { DecisionView, JsonValue } from '../../../server/contract/api';
import { formatDateTime } from '../due-date';
import { processName } from './case-summary';
import { isRecord, isScalar, scalarText } from './format';
import { humaniseKey, KIND_NAMES } from './labels';
import { FieldItems, FieldList, ValueView } from './value-view';

type Record_ = { [key: string]: JsonValue };

export function decisionAnchor(id: string): string {
  return `besluit-${id}`;
}

export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? `Besluit (${humaniseKey(kind).toLowerCase()})`;
}

/**
 * The case's formal decisions, read-only: records are sealed when they are made, and a correction
 * is a new record, so this view offers nothing to change. Each record has an anchor, so the
 * timeline and corrections can point at it.
 */
export function Decisions({ decisions }: { decisions: readonly DecisionView[] }) {
  return (
    <section aria-labelledby="besluiten-kop">
      <h2 id="besluiten-kop">Besluiten</h2>
      {decisions.length === 0 ? (
        <p class="muted">Er zijn nog geen besluiten vastgelegd.</p>
      ) : (
        <>
          <p class="muted">
            Vastgelegde besluiten zijn niet te wijzigen; een correctie wordt een nieuw, gekoppeld besluit.
          </p>
          <ol class="decisions">
            {decisions.map((decision) => (
              <li key={decision.id}>
                <Decision decision={decision} all={decisions} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** One sealed decision record; `all` lets a correction name what it corrects. */
export function Decision({ decision, all }: { decision: DecisionView; all: readonly DecisionView[] }) {
  const anchor = decisionAnchor(decision.id);
  const corrected = decision.correctedBy ? all.find((candidate) => candidate.id === decision.correctedBy) : undefined;
  const original = decision.corrects ? all.find((candidate) => candidate.id === decision.corrects) : undefined;
  return (
    // tabIndex -1: following an anchor to a record moves keyboard focus there too.
    <article
      id={anchor}
      class={`decision${decision.correctedBy ? ' is-corrected' : ''}`}
      aria-labelledby={`${anchor}-kop`}
      tabIndex={-1}
    >
      <header>
        <h3 id={`${anchor}-kop`}>
          {decision.corrects ? `Correctie: ${kindName(decision.kind)}` : kindName(decision.kind)}
          <span class="decision-title"> · {decision.title}</span>
        </h3>
        <p class="decision-meta">
          Vastgelegd door <strong>{decision.recordedBy.name}</strong> op{' '}
          <time dateTime={decision.recordedAt}>{formatDateTime(new Date(decision.recordedAt))}</time>
          <span class="muted"> · {processName(decision.definitionKey)}</span>
        </p>
        {decision.correctedBy ? (
          <p class="decision-flag corrected">
            <span class="tag">Gecorrigeerd</span> Dit besluit is vervangen door een correctie
            {corrected ? ` van ${formatDateTime(new Date(corrected.recordedAt))}` : ''}.{' '}
            <a href={`#${decisionAnchor(decision.correctedBy)}`}>Naar de correctie</a>
          </p>
        ) : null}
        {decision.corrects ? (
          <div class="decision-flag correction">
            <p>
              <span class="tag">Correctie</span> Corrigeert{' '}
              <a href={`#${decisionAnchor(decision.corrects)}`}>
                {original
                  ? `het ${kindName(original.kind)} van ${formatDateTime(new Date(original.recordedAt))}`
                  : 'een eerder besluit'}
              </a>
              .
            </p>
            <p>
              <strong>Reden van de correctie:</strong> {decision.reason ?? 'niet opgegeven'}
            </p>
          </div>
        ) : null}
      </header>
      <DecisionContent kind={decision.kind} content={decision.content} />
    </article>
  );
}

function DecisionContent({ kind, content }: { kind: string; content: Record_ }) {
  if (kind === 'mdo') return <MdoContent content={content} />;
  if (kind === 'escalatie') return <EscalationContent content={content} />;
  return <FieldList record={content} />;
}

/** One labelled fact, only when the record has it. */
function Fact({ label, field, value }: { label: string; field: string; value: JsonValue | undefined }) {
  if (value === undefined) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <ValueView field={field} value={value} />
      </dd>
    </div>
  );
}

const MDO_SHOWN = [
  'mdoDatum',
  'mdoUitkomst',
  'redenOpnieuwPlannen',
  'overeenstemming',
  'toestemming',
  'deelnemers',
  'besluit',
  'afwijkendeStandpunten',
];

function MdoContent({ content }: { content: Record_ }) {
  const toestemming = isRecord(content.toestemming) ? content.toestemming : undefined;
  const deelnemers = Array.isArray(content.deelnemers) ? content.deelnemers.filter(isRecord) : [];
  const standpunten = Array.isArray(content.afwijkendeStandpunten)
    ? content.afwijkendeStandpunten.filter(isRecord)
    : [];
  const rest = Object.fromEntries(Object.entries(content).filter(([key]) => !MDO_SHOWN.includes(key)));
  return (
    <div class="decision-content">
      <dl class="fields">
        <Fact label="MDO-datum" field="mdoDatum" value={content.mdoDatum} />
        <Fact label="Uitkomst" field="mdoUitkomst" value={content.mdoUitkomst} />
        <Fact label="Waarom opnieuw plannen" field="redenOpnieuwPlannen" value={content.redenOpnieuwPlannen} />
        <Fact label="Overeenstemming" field="overeenstemming" value={content.overeenstemming} />
        <Fact label="Toestemming van" field="basis" value={toestemming?.basis} />
        {toestemming ? <FieldItems record={toestemming} omit={['basis']} /> : null}
      </dl>

      {deelnemers.length > 0 ? (
        <>
          <h4>Deelnemers</h4>
          <div class="table-scroll">
            <table class="compact">
              <thead>
                <tr>
                  <th scope="col">Naam</th>
                  <th scope="col">Organisatie</th>
                  <th scope="col">Discipline</th>
                  <th scope="col">Aanwezig</th>
                </tr>
              </thead>
              <tbody>
                {deelnemers.map((deelnemer, index) => (
                  <tr key={index}>
                    <td>{text('naam', deelnemer.naam)}</td>
                    <td>{text('organisatie', deelnemer.organisatie)}</td>
                    <td>{text('discipline', deelnemer.discipline)}</td>
                    <td>{deelnemer.aanwezig === undefined ? '—' : text('aanwezig', deelnemer.aanwezig)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {isRecord(content.besluit) ? (
        <>
          <h4>Besluit</h4>
          <Besluit besluit={content.besluit} />
        </>
      ) : null}

      {standpunten.length > 0 ? (
        <>
          <h4>Afwijkende standpunten</h4>
          <ul class="value-list">
            {standpunten.map((standpunt, index) => (
              <li key={index}>
                <strong>{text('wie', standpunt.wie)}</strong>: {text('waarom', standpunt.waarom)}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {Object.keys(rest).length > 0 ? (
        <details class="more">
          <summary>Overige gegevens van het overleg</summary>
          <FieldList record={rest} />
        </details>
      ) : null}
    </div>
  );
}

const LEVELS: Record<number, string> = {
  1: 'Overleg teamleiders SLT en aanbieders',
  2: 'Advies Regionaal Expertteam',
  3: 'Besluit met doorzettingsmacht',
  4: 'Bovenregionaal Expertisenetwerk',
};

const ESCALATION_SHOWN = ['besluitNiveau', 'opgelost', 'verwijzingBovenregionaal', 'motivatie', 'mandaat', 'besluit'];

function EscalationContent({ content }: { content: Record_ }) {
  const level = typeof content.besluitNiveau === 'number' ? content.besluitNiveau : undefined;
  const rest = Object.fromEntries(Object.entries(content).filter(([key]) => !ESCALATION_SHOWN.includes(key)));
  return (
    <div class="decision-content">
      <dl class="fields">
        {level !== undefined ? (
          <div>
            <dt>Niveau</dt>
            <dd>
              {level}
              {LEVELS[level] ? ` — ${LEVELS[level]}` : ''}
            </dd>
          </div>
        ) : null}
        <Fact label="Opgelost op dit niveau" field="opgelost" value={content.opgelost} />
        <Fact
          label="Verwezen naar het Bovenregionaal Expertisenetwerk"
          field="verwijzingBovenregionaal"
          value={content.verwijzingBovenregionaal}
        />
        <Fact label="Motivatie" field="motivatie" value={content.motivatie} />
        <Fact label="Mandaat" field="mandaat" value={content.mandaat} />
        <FieldItems record={rest} />
      </dl>
      {isRecord(content.besluit) ? (
        <>
          <h4>Besluit</h4>
          <Besluit besluit={content.besluit} />
        </>
      ) : content.besluit !== undefined ? (
        <dl class="fields">
          <Fact label="Besluit" field="besluit" value={content.besluit} />
        </dl>
      ) : null}
    </div>
  );
}

const BESLUIT_SHOWN = ['taakgebieden', 'verblijfNodig', 'verblijfType', 'regieBij', 'evaluatiedatum', 'afspraken'];

/** The decision itself, as the MDO and every escalation level record it (DOMAIN.md §6). */
function Besluit({ besluit }: { besluit: Record_ }) {
  const afspraken = Array.isArray(besluit.afspraken) ? besluit.afspraken.filter(isRecord) : [];
  const rest = Object.fromEntries(Object.entries(besluit).filter(([key]) => !BESLUIT_SHOWN.includes(key)));
  return (
    <>
      <dl class="fields">
        <Fact label="Ingezette taakgebieden" field="taakgebieden" value={besluit.taakgebieden} />
        <Fact label="Verblijf nodig" field="verblijfNodig" value={besluit.verblijfNodig} />
        <Fact label="Soort verblijf" field="verblijfType" value={besluit.verblijfType} />
        <Fact label="Regie bij" field="regieBij" value={besluit.regieBij} />
        <Fact label="Evaluatiedatum" field="evaluatiedatum" value={besluit.evaluatiedatum} />
        <FieldItems record={rest} />
      </dl>
      {afspraken.length > 0 ? (
        <div class="table-scroll">
          <table class="compact">
            <caption>Afspraken</caption>
            <thead>
              <tr>
                <th scope="col">Wat</th>
                <th scope="col">Wie</th>
                <th scope="col">Wanneer</th>
              </tr>
            </thead>
            <tbody>
              {afspraken.map((afspraak, index) => (
                <tr key={index}>
                  <td>{text('wat', afspraak.wat)}</td>
                  <td>{text('wie', afspraak.wie)}</td>
                  <td>{text('wanneer', afspraak.wanneer)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** A value inside a table cell or sentence; a missing one shows as a dash, not as nothing. */
function text(field: string, value: JsonValue | undefined) {
  if (value === undefined) return '—';
  return isScalar(value) ? scalarText(field, value) : <ValueView field={field} value={value} />;
}
