import type { CheckState, MdoChecks } from './mdo-checks';

/**
 * The chair's live checklist beside the MDO form: which required disciplines are marked present,
 * whether consent fits the youth's age on the MDO day, whether dissent is recorded, and what the
 * case's records say (the invitation, the MDO's date, the verklarende analyse for a stay). States are
 * said in words and icons, never by colour alone; changes are announced politely.
 */
export function MdoChecklist({
  checks,
  onChooseReplan,
  canChoose,
}: {
  checks: MdoChecks;
  onChooseReplan: () => void;
  canChoose: boolean;
}) {
  const open = checks.problems.length;
  const missing = checks.disciplines.filter((discipline) => discipline.state === 'open');
  return (
    <aside class="mdo-panel" aria-labelledby="mdo-panel-title">
      <h2 id="mdo-panel-title">Controle vóór het besluit</h2>
      <div aria-live="polite" class="mdo-panel-live">
        <p class={`mdo-status ${open === 0 ? 'ok' : 'open'}`}>
          {open === 0
            ? 'Alles in orde: het besluit kan worden vastgelegd.'
            : `${open} ${open === 1 ? 'punt' : 'punten'} niet in orde: nog geen besluit mogelijk.`}
        </p>

        <h3>Vereiste disciplines</h3>
        {checks.disciplines.length === 0 ? (
          <p class="muted">Er zijn geen vereiste disciplines vastgelegd.</p>
        ) : (
          <ul class="checks">
            {checks.disciplines.map((discipline) => (
              <li key={discipline.id} class={`check ${discipline.state}`}>
                <Mark state={discipline.state} />
                <span>
                  {discipline.label}: <strong>{discipline.state === 'ok' ? 'aanwezig' : 'niet aanwezig'}</strong>
                </span>
              </li>
            ))}
          </ul>
        )}
        {missing.length > 0 && <p class="hint">Vink bij de deelnemers aan wie aanwezig is.</p>}

        <h3>Toestemming</h3>
        <p class={`check ${checks.consent.state}`}>
          <Mark state={checks.consent.state} />
          <span>{checks.consent.text}</span>
        </p>

        <h3>Overeenstemming</h3>
        <p class={`check ${checks.dissent.state}`}>
          <Mark state={checks.dissent.state} />
          <span>{checks.dissent.text}</span>
        </p>

        <h3>Voorbereiding, datum en analyse</h3>
        {checks.records.length === 0 ? (
          <p class="check ok">
            <Mark state="ok" />
            <span>
              Jeugdige en ouders uitgenodigd, de MDO-datum is bereikt en een verblijfsbesluit heeft een analyse.
            </span>
          </p>
        ) : (
          <ul class="checks">
            {checks.records.map((problem) => (
              <li key={problem.code + problem.path} class="check open">
                <Mark state="open" />
                <span>{problem.message}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {open > 0 && checks.outcome !== 'opnieuw-plannen' && (
        <div class="replan">
          <p>Kan het MDO zo niet besluiten? Kies dan als uitkomst "MDO opnieuw plannen" en leg de reden vast.</p>
          {canChoose && (
            <button type="button" class="secondary" onClick={onChooseReplan}>
              Kies "MDO opnieuw plannen"
            </button>
          )}
        </div>
      )}
    </aside>
  );
}

function Mark({ state }: { state: CheckState }) {
  return (
    <span class="mark">
      <span aria-hidden="true">{state === 'ok' ? '✓' : '✗'}</span>
      <span class="visually-hidden">{state === 'ok' ? 'In orde: ' : 'Niet in orde: '}</span>
    </span>
  );
}
