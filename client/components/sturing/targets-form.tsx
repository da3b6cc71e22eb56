import { useEffect, useRef, useState } from 'preact/hooks';
import type { FigureKey, FigureTargets, FigureTargetsUpdate } from '../../../server/contract/api';
import { ApiError, api, messageOf } from '../../api/http';
import { formatDateTime } from '../due-date';
import { formatNumber } from './format';
import { TARGET_KEYS, TARGETS, type Unit } from './targets';

const UNIT_TEXT: Record<Unit, string> = { aantal: 'aantal', dagen: 'dagen', procent: '%', rondes: 'rondes' };

/**
 * The process owner sets the doelwaarden (PUT /api/figures/targets). Numbers are typed the Dutch
 * way (a comma for decimals); an empty field means "no target". What the server refuses is shown
 * at the field it names.
 */
export function TargetsForm({ onSaved }: { onSaved: () => void }) {
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [changed, setChanged] = useState<{ at: string | null; by: string | null }>({ at: null, by: null });
  const [loadError, setLoadError] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);

  const load = () => {
    setLoadError('');
    api
      .get<FigureTargets>('/api/figures/targets')
      .then(show)
      .catch((error: unknown) => setLoadError(messageOf(error)));
  };
  const show = (targets: FigureTargets) => {
    setValues(Object.fromEntries(TARGET_KEYS.map((key) => [key, typed(targets.doelwaarden[key]?.waarde ?? null)])));
    setChanged({ at: targets.gewijzigdOp, by: targets.gewijzigdDoor });
  };
  useEffect(load, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!values) return;
    const found: Record<string, string> = {};
    const body: FigureTargetsUpdate = {};
    for (const key of TARGET_KEYS) {
      const text = (values[key] ?? '').trim();
      const parsed = parseDutchNumber(text);
      // The range is the server's to check: it says so at the field.
      if (parsed === undefined) found[key] = `“${text}” is geen getal. Typ bijvoorbeeld 80 of 12,5.`;
      else body[key] = parsed;
    }
    setProblems(found);
    setStatus(null);
    const first = TARGET_KEYS.find((key) => found[key]);
    if (first) {
      document.getElementById(fieldId(first))?.focus();
      return;
    }
    setSaving(true);
    try {
      show(await api.put<FigureTargets>('/api/figures/targets', body));
      setStatus({ kind: 'ok', text: 'De doelwaarden zijn opgeslagen.' });
      onSaved();
    } catch (error) {
      const atFields = error instanceof ApiError ? fieldProblems(error) : {};
      setProblems(atFields);
      const named = TARGET_KEYS.find((key) => atFields[key]);
      if (named) document.getElementById(fieldId(named))?.focus();
      else setStatus({ kind: 'error', text: `Opslaan lukte niet. ${messageOf(error)}` });
    } finally {
      setSaving(false);
    }
  };

  useEffect(() => {
    if (status) statusRef.current?.focus();
  }, [status]);

  return (
    <section class="sturing-targets" aria-labelledby="doelwaarden-titel">
      <h2 id="doelwaarden-titel" tabIndex={-1}>
        Doelwaarden instellen
      </h2>
      <p class="muted">
        Als proceseigenaar stelt u per cijfer de doelwaarde in. Laat een veld leeg als er geen doel is. Getallen met een
        komma, bijvoorbeeld 12,5.
        {changed.at
          ? ` Laatst gewijzigd op ${formatDateTime(new Date(changed.at))}${changed.by ? ` door ${changed.by}` : ''}.`
          : ''}
      </p>
      {loadError ? (
        <p class="notice error" role="alert">
          De doelwaarden konden niet worden geladen. {loadError}{' '}
          <button type="button" class="secondary small" onClick={load}>
            Opnieuw proberen
          </button>
        </p>
      ) : values === null ? (
        <p aria-busy="true">Doelwaarden worden geladen…</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <div class="target-fields">
            {TARGET_KEYS.map((key) => {
              const spec = TARGETS[key];
              const id = fieldId(key);
              const problem = problems[key];
              return (
                <div class="field" key={key}>
                  <label for={id}>
                    {spec.label} ({spec.better === 'higher' ? 'minstens' : 'hoogstens'}, {UNIT_TEXT[spec.unit]})
                  </label>
                  <input
                    id={id}
                    name={key}
                    type="text"
                    inputMode="decimal"
                    autocomplete="off"
                    value={values[key] ?? ''}
                    aria-invalid={problem ? 'true' : undefined}
                    aria-describedby={problem ? `${id}-fout` : undefined}
                    onInput={(event) => setValues({ ...values, [key]: event.currentTarget.value })}
                  />
                  {problem ? (
                    <p id={`${id}-fout`} class="error-text">
                      {problem}
                    </p>
                  ) : null}
                </div>
              );
            })}
          </div>
          <p>
            <button type="submit" disabled={saving}>
              {saving ? 'Bezig met opslaan…' : 'Doelwaarden opslaan'}
            </button>
          </p>
          <p
            ref={statusRef}
            tabIndex={-1}
            role={status?.kind === 'error' ? 'alert' : 'status'}
            class={status ? `notice ${status.kind === 'ok' ? 'success' : 'error'}` : 'target-status'}
          >
            {status?.text ?? ''}
          </p>
        </form>
      )}
    </section>
  );
}

function fieldId(key: FigureKey): string {
  return `doel-${key}`;
}

function typed(value: number | null): string {
  return value === null ? '' : formatNumber(value).replace(/\./g, '');
}

/** "12,5" → 12.5; "" → null (no target); undefined when it is not a number. */
export function parseDutchNumber(text: string): number | null | undefined {
  if (text === '') return null;
  if (!/^-?\d+([,.]\d+)?$/.test(text)) return undefined;
  return Number(text.replace(',', '.'));
}

/** The server's problems by target key: its paths look like `/doorlooptijdP50` or `doorlooptijdP50`. */
function fieldProblems(error: ApiError): Record<string, string> {
  const found: Record<string, string> = {};
  for (const item of error.problem.problems ?? []) {
    const key = TARGET_KEYS.find((name) => item.path?.split(/[./[\]]/).includes(name));
    if (key && item.message) found[key] = item.message;
  }
  return found;
}
