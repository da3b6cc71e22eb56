import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api, messageOf } from '../../api/http';
import { formatNumber } from './format';
import { TARGETS, type TargetSpec } from './model';

type Targets = Record<string, number | null>;

const UNIT_TEXT: Record<TargetSpec['unit'], string> = { aantal: 'aantal', dagen: 'dagen', procent: '%' };

/**
 * The process owner sets the doelwaarden (PUT /api/figures/targets). Numbers are typed the Dutch
 * way (a comma for decimals); an empty field means "no target". What the server refuses is shown
 * at the field it names.
 */
export function TargetsForm({ onSaved }: { onSaved: () => void }) {
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [loadError, setLoadError] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);

  const load = () => {
    setLoadError('');
    api
      .get<Targets>('/api/figures/targets')
      .then((targets) =>
        setValues(Object.fromEntries(TARGETS.map((spec) => [spec.key, typed(targets[spec.key] ?? null)]))),
      )
      .catch((error: unknown) => setLoadError(messageOf(error)));
  };
  useEffect(load, []);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!values) return;
    const found: Record<string, string> = {};
    const body: Targets = {};
    for (const spec of TARGETS) {
      const text = (values[spec.key] ?? '').trim();
      const parsed = parseDutchNumber(text);
      if (parsed === undefined) found[spec.key] = `“${text}” is geen getal. Typ bijvoorbeeld 80 of 12,5.`;
      else if (parsed !== null && parsed < 0) found[spec.key] = 'Een doelwaarde kan niet negatief zijn.';
      else if (parsed !== null && spec.unit === 'procent' && parsed > 100)
        found[spec.key] = 'Een percentage ligt tussen 0 en 100.';
      else body[spec.key] = parsed;
    }
    setProblems(found);
    setStatus(null);
    const first = TARGETS.find((spec) => found[spec.key]);
    if (first) {
      document.getElementById(fieldId(first.key))?.focus();
      return;
    }
    setSaving(true);
    try {
      await api.put('/api/figures/targets', body);
      setStatus({ kind: 'ok', text: 'De doelwaarden zijn opgeslagen.' });
      onSaved();
    } catch (error) {
      const atFields = error instanceof ApiError ? fieldProblems(error) : {};
      setProblems(atFields);
      const named = TARGETS.find((spec) => atFields[spec.key]);
      if (named) document.getElementById(fieldId(named.key))?.focus();
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
      <h2 id="doelwaarden-titel">Doelwaarden instellen</h2>
      <p class="muted">
        Als proceseigenaar stelt u per cijfer de doelwaarde in. Laat een veld leeg als er geen doel is. Getallen met een
        komma, bijvoorbeeld 12,5.
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
            {TARGETS.map((spec) => {
              const id = fieldId(spec.key);
              const problem = problems[spec.key];
              return (
                <div class="field" key={spec.key}>
                  <label for={id}>
                    {spec.label} ({spec.better === 'higher' ? 'minstens' : 'hoogstens'}, {UNIT_TEXT[spec.unit]})
                  </label>
                  <input
                    id={id}
                    name={spec.key}
                    type="text"
                    inputMode="decimal"
                    autocomplete="off"
                    value={values[spec.key] ?? ''}
                    aria-invalid={problem ? 'true' : undefined}
                    aria-describedby={problem ? `${id}-fout` : undefined}
                    onInput={(event) => setValues({ ...values, [spec.key]: event.currentTarget.value })}
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

function fieldId(key: string): string {
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
    const key = TARGETS.find((spec) => item.path?.split(/[./[\]]/).includes(spec.key))?.key;
    if (key && item.message) found[key] = item.message;
  }
  return found;
}
