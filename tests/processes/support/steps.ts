import type { SampleBesluit, Samples } from '../../../server/demo/sample-input';
import type { CaseRun } from './route';

/** A youth under 12 on every MDO day these scenarios hold (however far they move the clock): the parents consent (DOMAIN.md §3). */
export const JEUGDIGE = { initialen: 'L.B.', geboortedatum: '2017-01-01' };

/** Aanmelding, vraagverkenning and triage of a toeleiding case. */
export async function throughTriage(run: CaseRun, s: Samples, triage: ReturnType<Samples['triage']>): Promise<void> {
  await run.complete('Task_Vraagverkenning', s.vraagverkenning());
  await run.complete('Task_Triage', triage);
}

/**
 * One MDO from preparation to the decision shared with the family: with a verklarende analyse when
 * an out-of-home placement is considered, and agreement unless told otherwise.
 */
export async function holdMdo(
  run: CaseRun,
  s: Samples,
  options: { analyse?: boolean; besluit?: SampleBesluit; disciplines?: string[] } = {},
): Promise<void> {
  await run.complete(
    'Task_MdoVoorbereiden',
    s.mdoVoorbereiden(options.disciplines ? { disciplines: options.disciplines } : {}),
  );
  if (options.analyse) await run.complete('Task_VerklarendeAnalyse', s.verklarendeAnalyse());
  await run.complete(
    'Task_MdoHouden',
    s.mdoBesluit({
      ...(options.besluit ? { besluit: options.besluit } : {}),
      ...(options.disciplines ? { disciplines: options.disciplines } : {}),
    }),
  );
  await run.complete('Task_BesluitDelen', s.besluitDelen());
}

/** The regular placement route from the match profile to a placement that starts. */
export async function placeAtOnce(run: CaseRun, s: Samples): Promise<void> {
  await run.complete('Task_Matchprofiel', s.matchprofiel());
  await run.complete('Task_PassendePlekZoeken', s.passendePlekZoeken(true));
  await run.complete('Task_Matchgesprek', s.matchgesprek(true));
  await run.complete('Task_Plaatsingsbesluit', s.plaatsingsbesluit());
  await run.complete('Task_BeschikkingVerblijf', s.beschikkingVerblijf());
  await run.complete('Task_PlaatsingStarten', s.plaatsingStarten());
  await run.complete('Task_Onderwijscontinuiteit', s.onderwijscontinuiteit());
}
