import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ProblemItem } from '../../../server/contract/api';
import { Link, paths } from '../../app/router';
import type { ElementDescription } from '../../diagram/modeler/ModelerUtil';
import { type DeployOutcome, MAX_NOTE_LENGTH } from './deploy-api';
import { type Finding, FindingList } from './finding-list';

export type DeployState = { status: 'idle' } | { status: 'busy' } | { status: 'done'; outcome: DeployOutcome };

/**
 * Deploying the edited diagram as a new version, with an optional note, and what the server said:
 * the new version and its warnings, "unchanged", or the problems by element. After an answer the
 * focus moves to it, so keyboard and screen-reader users land on the outcome.
 */
export function DeployPanel(props: {
  processKey: string;
  state: DeployState;
  /** Why deploying is not possible right now (e.g. during the dry run); undefined when it is. */
  blockedReason: string | undefined;
  lintErrors: number;
  describe: (elementId: string) => ElementDescription | undefined;
  onFocusElement: (elementId: string) => void;
  onDeploy: (note: string) => void;
}) {
  const [note, setNote] = useState('');
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const { state } = props;

  // A layout effect, so focus is on the outcome in the same frame the outcome appears: with a
  // deferred effect, a screen reader (or a test) could meet the outcome while focus is still on
  // the body, where the disabled submit button dropped it.
  useLayoutEffect(() => {
    if (state.status !== 'done') return;
    resultHeading.current?.focus();
    if (state.outcome.kind === 'created') setNote('');
  }, [state]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (state.status !== 'busy' && !props.blockedReason) props.onDeploy(note);
  };
  return (
    <section class="modeler-deploy" aria-labelledby="uitrollen-kop">
      <h2 id="uitrollen-kop">Uitrollen</h2>
      <p class="muted">
        Nieuwe casussen starten op de nieuwe versie. Lopende casussen blijven op de versie waarop ze begonnen.
      </p>
      <form class="deploy-form" onSubmit={submit}>
        <label for="uitrol-notitie">Notitie bij deze versie (optioneel)</label>
        <textarea
          id="uitrol-notitie"
          rows={2}
          maxLength={MAX_NOTE_LENGTH}
          value={note}
          aria-describedby="uitrol-notitie-uitleg"
          onInput={(event) => setNote((event.currentTarget as HTMLTextAreaElement).value)}
        />
        <p id="uitrol-notitie-uitleg" class="muted field-hint">
          Wat is er veranderd en waarom; hoogstens {MAX_NOTE_LENGTH} tekens. De notitie staat bij de versie in de
          versiegeschiedenis.
        </p>
        {props.lintErrors > 0 ? (
          <p class="notice">
            De controle vindt nog {props.lintErrors === 1 ? 'één fout' : `${props.lintErrors} fouten`}. U kunt toch
            uitrollen; wat de server niet kan uitvoeren, weigert hij met de reden erbij.
          </p>
        ) : null}
        <div class="deploy-actions">
          <button
            type="submit"
            disabled={state.status === 'busy' || props.blockedReason !== undefined}
            aria-describedby={props.blockedReason ? 'uitrollen-geblokkeerd' : undefined}
          >
            Uitrollen als nieuwe versie
          </button>
          {state.status === 'busy' ? (
            <span role="status" class="muted">
              Bezig met uitrollen…
            </span>
          ) : null}
        </div>
        {props.blockedReason ? (
          <p id="uitrollen-geblokkeerd" class="muted">
            {props.blockedReason}
          </p>
        ) : null}
      </form>
      {state.status === 'done' ? <DeployResult {...props} outcome={state.outcome} headingRef={resultHeading} /> : null}
    </section>
  );
}

function DeployResult(props: {
  processKey: string;
  outcome: DeployOutcome;
  headingRef: { current: HTMLHeadingElement | null };
  describe: (elementId: string) => ElementDescription | undefined;
  onFocusElement: (elementId: string) => void;
}) {
  const { outcome, headingRef } = props;
  const findings = (items: readonly ProblemItem[], severity: Finding['severity']): Finding[] =>
    items.map((item) => ({
      ...(item.elementId
        ? {
            element: props.describe(item.elementId) ?? {
              elementId: item.elementId,
              name: item.elementId,
              typeLabel: '',
              onCanvas: false,
            },
          }
        : {}),
      severity,
      message: item.message,
      code: item.code,
    }));

  switch (outcome.kind) {
    case 'created':
    case 'unchanged': {
      const { version, warnings } = outcome.result;
      const created = outcome.kind === 'created';
      return (
        <div class="notice success deploy-result" data-outcome={outcome.kind}>
          <h3 ref={headingRef} tabIndex={-1}>
            {created ? `Versie ${version} uitgerold` : `Ongewijzigd: al versie ${version}`}
          </h3>
          <p>
            {created
              ? `Nieuwe casussen starten vanaf nu op versie ${version}.`
              : `Dit diagram is precies gelijk aan versie ${version}, de nieuwste versie; er is niets uitgerold.`}{' '}
            <Link href={`${paths.process(props.processKey)}?versie=${version}`}>
              Versie {version} in het procesoverzicht
            </Link>
          </p>
          {warnings.length > 0 ? (
            <>
              <h4>{warnings.length === 1 ? 'Eén waarschuwing' : `${warnings.length} waarschuwingen`} van de server</h4>
              <FindingList
                label="Waarschuwingen bij het uitrollen"
                findings={findings(warnings, 'warn')}
                onFocusElement={props.onFocusElement}
              />
            </>
          ) : (
            <p class="muted">Zonder waarschuwingen.</p>
          )}
        </div>
      );
    }
    case 'refused':
      return (
        <div class="notice error deploy-result" data-outcome="refused">
          <h3 ref={headingRef} tabIndex={-1}>
            Niet uitgerold: {outcome.problems.length === 1 ? 'één probleem' : `${outcome.problems.length} problemen`}
          </h3>
          <p>
            {outcome.detail} De onderdelen met een probleem zijn op het diagram gemarkeerd; kies een onderdeel om het te
            bewerken.
          </p>
          <FindingList
            label="Problemen die het uitrollen tegenhouden"
            findings={findings(outcome.problems, 'error')}
            onFocusElement={props.onFocusElement}
          />
        </div>
      );
    case 'forbidden':
      return (
        <div class="notice error deploy-result" data-outcome="forbidden">
          <h3 ref={headingRef} tabIndex={-1}>
            Alleen een proceseigenaar mag uitrollen
          </h3>
          <p>Uw account heeft die rol (niet meer). Vraag een proceseigenaar om deze wijziging uit te rollen.</p>
        </div>
      );
    case 'failed':
      return (
        <div class="notice error deploy-result" data-outcome="failed">
          <h3 ref={headingRef} tabIndex={-1}>
            Niet uitgerold
          </h3>
          <p>{outcome.detail}</p>
          {outcome.problems.length > 0 ? (
            <FindingList
              label="Problemen bij het uitrollen"
              findings={findings(outcome.problems, 'error')}
              onFocusElement={props.onFocusElement}
            />
          ) : null}
        </div>
      );
  }
}
