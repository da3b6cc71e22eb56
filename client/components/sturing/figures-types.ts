/** GET /api/figures as ../shared/API.md describes it, until server/contract/figures.ts lands. */

export interface Figures {
  from: string;
  to: string;
  toeleiding: {
    aanmeldingen: number;
    hulpGestart: number;
    doorlooptijdDagen: { p50: number | null; p90: number | null };
  };
  triage: Record<string, number>;
  mdo: { gehouden: number; overeenstemmingEersteKeer: number; opnieuwGepland: number; geescaleerd: number };
  escalaties: { perNiveau: Record<string, number> };
  crisis: { totaal: number; binnen24uur: number };
  plaatsingen: {
    geplaatst: number;
    ambulant: number;
    geescaleerd: number;
    overbrugging: number;
    inEenKeerGoed?: number;
    matchingrondes: { p50: number | null };
  };
  wachtBeschikking?: { p50: number | null; p90: number | null };
  taken: {
    open: number;
    overTermijn: number;
    perTeam: Record<string, { open: number | null; overTermijn: number | null }>;
  };
  stappen: Array<{
    definitionKey: string;
    elementId: string;
    name: string;
    afgerond: number;
    p50Uren: number | null;
    binnenTermijnPct: number | null;
  }>;
  trend?: Array<{ maand: string; aanmeldingen: number; hulpGestart: number; doorlooptijdDagenP50: number | null }>;
  doelwaarden?: Record<string, number | null>;
}
