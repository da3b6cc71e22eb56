import { type Static, type TOptional, type TSchema, Type } from '@sinclair/typebox';
import { fieldProblem, requestProblem } from './field-problem';
import { dateTime } from './schema-parts';

/**
 * Steering figures (DOMAIN.md §5): aggregates over the cases, never a case. No answer here holds
 * a case number, case id, instance id, initials or date of birth. Counts in a breakdown by team
 * under 5 are `null` (small-cell suppression), so a small team's cases cannot be singled out.
 *
 * Periods: a case counts in the period of its aanmelding (the start of its toeleiding), for every
 * figure except `taken`, which is what is open now. Lead times run to whatever the case did
 * since, also after the period's end.
 */

/** The triage outcomes (DOMAIN.md §6). */
export const TRIAGE_OUTCOMES = [
  'geen-jeugdhulp',
  'sociale-basis',
  'hulp-binnen-slt',
  'niet-vrij-toegankelijk',
  'gemeentelijk-sociaal-domein',
] as const;
export type TriageOutcome = (typeof TRIAGE_OUTCOMES)[number];

/** The task areas (DOMAIN.md §4). */
export const TAAKGEBIEDEN = ['slt', 'specialistisch', 'onderwijs', 'verblijf-crisis', 'wonen'] as const;
export type Taakgebied = (typeof TAAKGEBIEDEN)[number];

/**
 * Every figure a target value (doelwaarde) can be set for, with its direction and range. `max`:
 * the figure should stay at or below the target; `min`: at or above it.
 */
export const FIGURE_TARGETS = {
  doorlooptijdP50Dagen: {
    richting: 'max',
    min: 0,
    max: 730,
    eenheid: 'dagen',
    label: 'Doorlooptijd aanmelding tot start hulp (p50)',
  },
  doorlooptijdP90Dagen: {
    richting: 'max',
    min: 0,
    max: 730,
    eenheid: 'dagen',
    label: 'Doorlooptijd aanmelding tot start hulp (p90)',
  },
  wachttijdP50Dagen: {
    richting: 'max',
    min: 0,
    max: 730,
    eenheid: 'dagen',
    label: 'Wachttijd beschikking tot start hulp (p50)',
  },
  wachttijdP90Dagen: {
    richting: 'max',
    min: 0,
    max: 730,
    eenheid: 'dagen',
    label: 'Wachttijd beschikking tot start hulp (p90)',
  },
  overeenstemmingEersteKeerPct: {
    richting: 'min',
    min: 0,
    max: 100,
    eenheid: 'procent',
    label: 'MDO’s met overeenstemming de eerste keer',
  },
  mdoGeescaleerdPct: { richting: 'max', min: 0, max: 100, eenheid: 'procent', label: 'MDO’s die escaleerden' },
  crisisBinnen24uurPct: {
    richting: 'min',
    min: 0,
    max: 100,
    eenheid: 'procent',
    label: 'Crisisinterventies binnen 24 uur',
  },
  plaatsingEersteKeerGoedPct: {
    richting: 'min',
    min: 0,
    max: 100,
    eenheid: 'procent',
    label: 'Plaatsingen in één keer goed',
  },
  matchingrondesP50: {
    richting: 'max',
    min: 1,
    max: 50,
    eenheid: 'rondes',
    label: 'Matchingrondes per plaatsing (p50)',
  },
  overbruggingPct: {
    richting: 'max',
    min: 0,
    max: 100,
    eenheid: 'procent',
    label: 'Plaatsingstrajecten met overbruggingszorg',
  },
  takenOverTermijnPct: { richting: 'max', min: 0, max: 100, eenheid: 'procent', label: 'Open taken over de termijn' },
  stapBinnenTermijnPct: { richting: 'min', min: 0, max: 100, eenheid: 'procent', label: 'Stappen binnen hun termijn' },
} as const satisfies Record<
  string,
  { richting: 'max' | 'min'; min: number; max: number; eenheid: 'dagen' | 'procent' | 'rondes'; label: string }
>;
export type FigureKey = keyof typeof FIGURE_TARGETS;
export const FIGURE_KEYS = Object.keys(FIGURE_TARGETS) as FigureKey[];

const count = (description: string) => Type.Integer({ minimum: 0, description });
const days = (description: string) => Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description });
const pct = (description: string) =>
  Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()], {
    description: `${description} A percentage 0-100, one decimal; null when there is nothing to divide by.`,
  });
const suppressed = (description: string) =>
  Type.Union([Type.Integer({ minimum: 5 }), Type.Literal(0), Type.Null()], {
    description: `${description} Small-cell suppression: a count from 1 to 4 is null.`,
  });
const percentiles = (unit: string) =>
  Type.Object({
    p50: days(`Median in ${unit}; null without cases.`),
    p90: days(`90th percentile in ${unit} (nearest rank); null without cases.`),
  });

/** YYYY-MM-DD, checked again for a real calendar day by the server. */
const isoDate = (name: string, description: string) =>
  Type.String({
    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
    description,
    ...fieldProblem('date', `Geef ${name} als datum jjjj-mm-dd.`, `"${name}" is geen datum (jjjj-mm-dd).`),
  });

export const FiguresQuery = Type.Object(
  {
    from: Type.Optional(
      isoDate(
        'from',
        'First day of the period (aanmelding on or after it). Default: 12 months before `to`, plus a day.',
      ),
    ),
    to: Type.Optional(isoDate('to', 'Last day of the period, inclusive. Default: today on the server clock (UTC).')),
    team: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'Only cases of this team. A teamleider sees only their own teams: without `team` the figures cover all of ' +
          'them, and another team is refused with 403.',
        ...fieldProblem('team', 'Onbekend team.'),
      }),
    ),
    region: Type.Optional(
      Type.String({ maxLength: 100, description: 'Only cases of the teams in this region (as in GET /api/teams).' }),
    ),
    taakgebied: Type.Optional(
      Type.Union(
        TAAKGEBIEDEN.map((area) => Type.Literal(area)),
        {
          description:
            'Only cases with this task area: from the MDO’s (or the escalation’s binding) decision; a case helped ' +
            'within the SLT after triage counts as `slt`, a case that reached placement coordination as `verblijf-crisis`.',
          ...fieldProblem(
            'enum',
            `Gebruik een van: ${TAAKGEBIEDEN.join(', ')}.`,
            `Onbekend taakgebied: gebruik een van ${TAAKGEBIEDEN.join(', ')}.`,
          ),
        },
      ),
    ),
  },
  { description: 'The period and filters of the figures.' },
);
export type FiguresQuery = Static<typeof FiguresQuery>;

const Target = Type.Object(
  {
    waarde: Type.Number(),
    richting: Type.Union([Type.Literal('max'), Type.Literal('min')], {
      description: '`max`: the figure should be at most the target; `min`: at least.',
    }),
    eenheid: Type.Union([Type.Literal('dagen'), Type.Literal('procent'), Type.Literal('rondes')]),
    label: Type.String({ description: 'The figure’s name, in Dutch.' }),
  },
  { description: 'One target value and how to read it.' },
);

/** One optional property per figure key. */
function byFigureKey<T extends TSchema>(make: (key: FigureKey) => T): { [K in FigureKey]: TOptional<T> } {
  const properties = {} as { [K in FigureKey]: TOptional<T> };
  // Type.Optional of a generic schema is typed as a conditional; it is TOptional<T> for every T.
  for (const key of FIGURE_KEYS) properties[key] = Type.Optional(make(key)) as TOptional<T>;
  return properties;
}

export const FigureTargetValues = Type.Object(
  byFigureKey(() => Target),
  {
    $id: 'FigureTargetValues',
    description:
      'The target values set, by figure key (a key without a target is absent). The figure each key belongs to: ' +
      'doorlooptijd* = toeleiding.doorlooptijdDagen, wachttijd* = wachttijd.dagen, overeenstemmingEersteKeerPct and ' +
      'mdoGeescaleerdPct = mdo.*Pct, crisisBinnen24uurPct = crisis.binnen24uurPct, plaatsingEersteKeerGoedPct, ' +
      'matchingrondesP50 and overbruggingPct = plaatsingen.*, takenOverTermijnPct = taken.overTermijnPct, ' +
      'stapBinnenTermijnPct = every stappen[].binnenTermijnPct.',
  },
);
export type FigureTargetValues = Static<typeof FigureTargetValues>;

export const FigureTargets = Type.Object(
  {
    doelwaarden: FigureTargetValues,
    gewijzigdOp: Type.Union([dateTime(), Type.Null()], { description: 'When they were last changed; null if never.' }),
    gewijzigdDoor: Type.Union([Type.String(), Type.Null()], { description: 'Who last changed them (user name).' }),
  },
  { $id: 'FigureTargets', description: 'The target values (doelwaarden) the proceseigenaar set.' },
);
export type FigureTargets = Static<typeof FigureTargets>;

const targetValue = (key: FigureKey) => {
  const spec = FIGURE_TARGETS[key];
  const message = `Geef een getal van ${spec.min} tot en met ${spec.max} (${spec.eenheid}), of null om de doelwaarde te wissen.`;
  return Type.Union([Type.Number({ minimum: spec.min, maximum: spec.max }), Type.Null()], {
    description: `${spec.label}: ${spec.richting === 'max' ? 'at most' : 'at least'}, in ${spec.eenheid}. null clears it.`,
    ...fieldProblem('range', message),
  });
};

export const FigureTargetsUpdate = Type.Object(byFigureKey(targetValue), {
  $id: 'FigureTargetsUpdate',
  additionalProperties: Type.Never(fieldProblem('unknown', '"{key}" is geen bekend kengetal.')),
  description:
    'Target values to set, by figure key; a key left out keeps its value, null clears it. Unknown keys are refused.',
  ...requestProblem('De doelwaarden kloppen niet.'),
});
export type FigureTargetsUpdate = Static<typeof FigureTargetsUpdate>;

const Step = Type.Object({
  definitionKey: Type.String(),
  elementId: Type.String(),
  name: Type.String({ description: 'The step’s name, as its tasks are called.' }),
  afgerond: count('Completed tasks of this step (of the period’s cases).'),
  p50Uren: days('Median hours from the task’s creation to its completion; null when none completed.'),
  binnenTermijnPct: pct('Share of the completed tasks with a due time that were completed by it; null without a term.'),
  metTermijn: count('Added: how many of the completed tasks had a term (the base of binnenTermijnPct).'),
});

const TrendMonth = Type.Object({
  maand: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'The month of aanmelding, jjjj-mm.' }),
  aanmeldingen: count('Cases registered in that month.'),
  hulpGestart: count('Of those, cases whose help has started.'),
  doorlooptijdP50: days('Median days from aanmelding to start of help of those; null if none started.'),
});

export const Figures = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day of the period.' }),
    to: Type.String({ format: 'date', description: 'Last day of the period, inclusive.' }),
    berekendOp: dateTime('Added: the server time the figures were computed at (the moment `taken` describes).'),
    filters: Type.Object(
      {
        teams: Type.Array(Type.String(), {
          description: 'The teams the figures cover after every filter (and a teamleider’s own teams).',
        }),
        region: Type.Optional(Type.String()),
        taakgebied: Type.Optional(Type.String()),
      },
      { description: 'Added: what the figures were restricted to.' },
    ),
    toeleiding: Type.Object(
      {
        aanmeldingen: count('Cases registered (toeleiding started) in the period.'),
        hulpGestart: count(
          'Of those, cases whose help has started: "Start hulp bevestigen" (after a beschikking or a placement) or ' +
            '"Hulp inzetten binnen SLT" completed; its completion is the start of help.',
        ),
        doorlooptijdDagen: percentiles('days from aanmelding to start of help (calendar days, one decimal)'),
      },
      { description: 'Aanmelding to start of help (DOMAIN.md §5).' },
    ),
    wachttijd: Type.Object(
      {
        beschikkingen: count(
          'Added: cases of the period with a beschikking (the first "Beschikking (verblijf) afgeven").',
        ),
        hulpGestart: count('Of those, cases whose help started after it.'),
        dagen: percentiles('days from the beschikking to start of help'),
      },
      { description: 'Added: the wait from beschikking to start of help (waiting lists, DOMAIN.md §5).' },
    ),
    triage: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
      description: `Cases by triage outcome (their last triage); every outcome is present: ${TRIAGE_OUTCOMES.join(', ')}. Crisis aanmeldingen skip triage and count under \`crisis\`.`,
    }),
    mdo: Type.Object(
      {
        gehouden: count('MDOs (mdo instances) that recorded a decision.'),
        overeenstemmingEersteKeer: count('MDOs whose first meeting recorded a decision with agreement.'),
        opnieuwGepland: count('MDOs re-planned at least once ("MDO opnieuw plannen").'),
        geescaleerd: count('MDOs without agreement that went to the escalation ladder.'),
        overeenstemmingEersteKeerPct: pct('Added: overeenstemmingEersteKeer of gehouden.'),
        geescaleerdPct: pct('Added: geescaleerd of gehouden.'),
      },
      { description: 'MDOs of the period’s cases.' },
    ),
    escalaties: Type.Object(
      {
        perNiveau: Type.Object(
          { '1': count('Decided at level 1.'), '2': count('Level 2.'), '3': count('Level 3.'), '4': count('Level 4.') },
          {
            description:
              'Escalations (escalatieladder instances) that ended, by the level that decided (besluitNiveau).',
          },
        ),
        lopend: count('Added: escalations still running.'),
      },
      {},
    ),
    crisis: Type.Object(
      {
        totaal: count(
          'Crisis interventions ("Crisisinterventie" tasks) of the period’s cases that were completed, plus those still ' +
            'open past their 24 hours (they missed the norm already).',
        ),
        binnen24uur: count(
          'Of those, completed within 24 hours of the crisis start (the aanmelding, or the triage that found a crisis).',
        ),
        binnen24uurPct: pct('Added: binnen24uur of totaal.'),
      },
      {},
    ),
    plaatsingen: Type.Object(
      {
        geplaatst: count('Placement coordinations (instances) that ended `geplaatst`.'),
        ambulant: count('Ended `ambulant`: an ambulant alternative was found.'),
        geescaleerd: count('Ended `geescaleerd`.'),
        overbrugging: count('Placement coordinations in which bridging care ("Overbruggingszorg inzetten") was used.'),
        matchingrondes: Type.Object({
          p50: days('Median searches ("Passende plek zoeken" completed) per placement that ended geplaatst.'),
        }),
        eersteKeerGoed: count('Added: placed cases with exactly one placement (no second placement).'),
        eersteKeerGoedPct: pct('Added: eersteKeerGoed of the placed cases.'),
        overbruggingPct: pct('Added: overbrugging of the placement coordinations.'),
      },
      {},
    ),
    taken: Type.Object(
      {
        open: count('Open tasks now, of the matching cases of any period.'),
        overTermijn: count('Of those, past their due time now.'),
        overTermijnPct: pct('Added: overTermijn of open.'),
        perTeam: Type.Record(
          Type.String(),
          Type.Object({
            open: suppressed('Open tasks of the team.'),
            overTermijn: suppressed('Of those, overdue.'),
          }),
          { description: 'By team id; every team the figures cover. Small-cell suppression: counts 1-4 are null.' },
        ),
      },
      { description: 'Tasks open now (a snapshot, not bound to the period).' },
    ),
    stappen: Type.Array(Step, {
      description:
        'Per user task step of every process, by definitionKey then elementId: completed tasks of the period’s cases.',
    }),
    trend: Type.Array(TrendMonth, { description: 'Added: one entry per month of the period, oldest first.' }),
    doelwaarden: FigureTargetValues,
  },
  {
    $id: 'Figures',
    description:
      'Steering figures, aggregates only: never a case number, id or initials. A case counts in the period of its ' +
      'aanmelding; `taken` is what is open now. Breakdowns by team suppress counts under 5 (null).',
  },
);
export type Figures = Static<typeof Figures>;
