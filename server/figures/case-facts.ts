import type { Taakgebied, TriageOutcome } from '../contract/api';
import type { CaseDocument } from '../store/store';
import type { StepCatalogue } from './figure-facts-index';

/**
 * What one case contributes to the steering figures: a small record of plain numbers, derived
 * from its case document alone (no history read) each time that case commits. The figures are
 * aggregated from these records per request, so an action's cost does not depend on the number
 * of cases, and a request's cost is one tight loop over small records. Nothing here identifies
 * the case or the youth: no case id, instance id, initials or date of birth.
 */
export interface CaseFacts {
  team: string;
  /** Bit set of TAAKGEBIEDEN (by index). */
  taakgebieden: number;
  /** Aanmelding: the root toeleiding instance's start (ms); NaN when the case has no toeleiding. */
  aanmelding: number;
  /** Start of help (ms), or NaN. */
  hulpGestart: number;
  /** The first beschikking (ms), or NaN. */
  beschikking: number;
  triage?: TriageOutcome;
  mdo: { gehouden: number; eersteKeer: number; opnieuwGepland: number; geescaleerd: number };
  /** Escalations that ended, by deciding level 1-4 (index 0-3). */
  escalaties: [number, number, number, number];
  escalatiesLopend: number;
  crisis: { totaal: number; binnen24uur: number };
  plaatsingen: {
    geplaatst: number;
    ambulant: number;
    geescaleerd: number;
    /** Placement coordinations that ended (any outcome) or run. */
    trajecten: number;
    overbrugging: number;
    /** Searches per placement coordination that ended geplaatst. */
    matchingrondes: number[];
  };
  /** Completed user tasks: step index (see StepCatalogue), hours taken, and whether within term. */
  stappen: Array<{ step: number; uren: number; binnenTermijn?: boolean }>;
  /** Due times (ms) of the open tasks; NaN for one without a term. */
  openTaken: number[];
}

export type { Taakgebied };

/** The facts of one case, from its document as just committed. */
export function factsOf(document: CaseDocument, steps: StepCatalogue): CaseFacts {
  void steps;
  return {
    team: document.team,
    taakgebieden: 0,
    aanmelding: Date.parse(document.createdAt),
    hulpGestart: Number.NaN,
    beschikking: Number.NaN,
    mdo: { gehouden: 0, eersteKeer: 0, opnieuwGepland: 0, geescaleerd: 0 },
    escalaties: [0, 0, 0, 0],
    escalatiesLopend: 0,
    crisis: { totaal: 0, binnen24uur: 0 },
    plaatsingen: { geplaatst: 0, ambulant: 0, geescaleerd: 0, trajecten: 0, overbrugging: 0, matchingrondes: [] },
    stappen: [],
    openTaken: [],
  };
}
