import type { Role } from '../../../server/contract/api';

/**
 * Every role a beheerder can hand out, in the order of the contract (team roles, regional roles,
 * system roles). The client imports the contract as types only; the annotation makes the compiler
 * check each name.
 */
export const ROLE_OPTIONS: ReadonlyArray<Role> = [
  'slt-medewerker',
  'procesregisseur',
  'mdo-voorzitter',
  'teamleider',
  'gemeente-beschikker',
  'plaatsingscoordinator',
  'crisisdienst',
  'regionaal-expertteam',
  'bestuurder',
  'proceseigenaar',
  'beheerder',
  'beleidsmedewerker',
  'privacyfunctionaris',
];
