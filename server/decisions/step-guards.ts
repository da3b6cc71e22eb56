import type { JsonValue, ProblemItem } from '../contract/api';
import { asObject, completedAnalysisAt, routingDecision } from './case-records';
import { amsterdamDay, dayOf, dutchDay } from './days';
import type { RuleContext } from './decision-rules';

/**
 * Preconditions per step: before the server lets a step complete, whatever a client sends, the
 * step's guards must find nothing wrong. They are keyed on the diagram's element, since they are
 * the municipality's safeguards (DOMAIN.md §3), not a process owner's choice: editing a diagram
 * cannot switch them off. A guard may also say what its task's form shows of the records it reads
 * (served with the task as `dossier`), so the form shows the records instead of asking to tick them.
 */

interface StepGuard {
  problems: (context: RuleContext) => ProblemItem[];
  facts?: (context: RuleContext) => Record<string, JsonValue>;
}

const GUARDS: Record<string, StepGuard> = {
  /**
   * An MDO is planned for today or later. (Its form asks whether the youth and parents were invited,
   * or why not; the MDO decision is refused when the preparation did not record it: mdo-rules.ts.)
   */
  'mdo/Task_MdoVoorbereiden': {
    problems: ({ submitted, today }) => {
      const problems: ProblemItem[] = [];
      const planned = dayOf(submitted.mdoDatum);
      if (planned && planned < today) {
        problems.push({
          path: 'variables.mdoDatum',
          code: 'date-in-past',
          message: `De datum van het MDO (${dutchDay(planned)}) ligt in het verleden: plan het MDO op vandaag (${dutchDay(today)}) of later.`,
        });
      }
      return problems;
    },
  },

  /** No placement without an MDO that decided a stay and a verklarende analyse (DOMAIN.md §3). */
  'plaatsingscoordinatie/Task_Plaatsingsbesluit': {
    problems: ({ records }) => {
      const problems: ProblemItem[] = [];
      const routing = routingDecision(records);
      if (!routing) {
        problems.push({
          path: 'casus.mdoBesluit',
          code: 'mdo-missing',
          message:
            'Deze casus heeft geen vastgelegd MDO-besluit: een uithuisplaatsing kan alleen na een MDO dat verblijf nodig acht.',
        });
      } else if (routing.besluit.verblijfNodig !== true) {
        problems.push({
          path: 'casus.mdoBesluit',
          code: 'mdo-no-stay',
          message: `Het laatste MDO-besluit van deze casus (${dutchDay(amsterdamDay(new Date(routing.mdo.recordedAt)))}) acht geen verblijf nodig: plaatsen kan pas na een MDO dat verblijf nodig acht (opschalen).`,
        });
      }
      if (completedAnalysisAt(records) === undefined) {
        problems.push({
          path: 'casus.verklarendeAnalyse',
          code: 'analysis-missing',
          message:
            'Deze casus heeft geen verklarende analyse: een uithuisplaatsing kan alleen na een verklarende analyse, voordat het MDO besluit.',
        });
      }
      return problems;
    },
    facts: ({ records }) => {
      const routing = routingDecision(records);
      const analysed = completedAnalysisAt(records);
      let mdoBesluit = 'Niet vastgelegd in deze casus.';
      if (routing) {
        const verblijfType =
          typeof routing.besluit.verblijfType === 'string' ? ` (${routing.besluit.verblijfType})` : '';
        const source = routing.binding ? routing.binding : routing.mdo;
        const stay = routing.besluit.verblijfNodig === true ? `verblijf nodig${verblijfType}` : 'geen verblijf nodig';
        mdoBesluit = `${routing.binding ? 'Bindend besluit na escalatie' : 'MDO-besluit'} van ${dutchDay(amsterdamDay(new Date(source.recordedAt)))}, vastgelegd door ${source.recordedBy.name}: ${stay}.`;
      }
      return {
        mdoBesluit,
        verklarendeAnalyse: analysed
          ? `Opgesteld op ${dutchDay(amsterdamDay(new Date(analysed)))}.`
          : 'Niet opgesteld in deze casus.',
      };
    },
  },

  /** Help is evaluated after it starts (DOMAIN.md §2.1, step 6). */
  'toeleiding/Task_HulpInzettenSlt': { problems: evaluationAfterStart, facts: decidedEvaluation },

  /**
   * The start of help is recorded after the decision that set its evaluation date: when the help
   * starts on or after that date, the evaluation must move (the form asks for a new date).
   */
  'toeleiding/Task_StartHulpBevestigen': { problems: evaluationAfterStart, facts: decidedEvaluation },
};

/**
 * The evaluation date that will apply (the one this step records, else the decision's) lies after
 * the start of help this step records; where this step records the later of the two, it is refused.
 */
function evaluationAfterStart({ submitted, recorded }: RuleContext): ProblemItem[] {
  const start = dayOf(submitted.startdatum);
  const own = dayOf(submitted.evaluatiedatum);
  if (own && start && own <= start) {
    return [
      {
        path: 'variables.evaluatiedatum',
        code: 'evaluation-before-start',
        message: `De evaluatiedatum (${dutchDay(own)}) moet na de start van de hulp (${dutchDay(start)}) liggen.`,
      },
    ];
  }
  const decided = dayOf(asObject(recorded.besluit)?.evaluatiedatum);
  if (own || !decided || !start || decided > start) return [];
  return [
    {
      path: 'variables.evaluatiedatum',
      code: 'evaluation-before-start',
      message: `De evaluatiedatum uit het besluit (${dutchDay(decided)}) ligt niet na de start van de hulp (${dutchDay(start)}): vul een evaluatiedatum na de start in.`,
    },
  ];
}

/** The evaluation date the decision set, for the form to show next to the start date. */
function decidedEvaluation({ recorded }: RuleContext): Record<string, JsonValue> {
  const decided = dayOf(asObject(recorded.besluit)?.evaluatiedatum);
  return { evaluatiedatumBesluit: decided ? dutchDay(decided) : 'geen' };
}

/** Why this step may not complete; empty when its guards find nothing (or it has none). */
export function stepProblems(definitionKey: string, elementId: string, context: RuleContext): ProblemItem[] {
  return GUARDS[`${definitionKey}/${elementId}`]?.problems(context) ?? [];
}

/** What this step's form shows of the records its guards read; empty when it has none. */
export function stepFacts(definitionKey: string, elementId: string, context: RuleContext): Record<string, JsonValue> {
  return GUARDS[`${definitionKey}/${elementId}`]?.facts?.(context) ?? {};
}

/**
 * The steps of a process that carry a safeguard. A new version of the diagram must keep each of
 * them as a user task (definition-validator.ts): renaming or removing one would switch it off.
 */
export function guardedSteps(definitionKey: string): string[] {
  const prefix = `${definitionKey}/`;
  return Object.keys(GUARDS)
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
}
