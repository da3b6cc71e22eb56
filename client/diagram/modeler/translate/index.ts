import type { ModuleDeclaration } from 'didi';
import dutchTranslate from './DutchTranslate';
import SimulationDutch from './SimulationDutch';

/**
 * Replaces diagram-js's `translate` (a plain value, as in diagram-js's own i18n module), and puts
 * the token simulation, which does not use `translate`, into Dutch through its own services.
 */
const dutchTranslateModule: ModuleDeclaration = {
  __init__: ['simulationDutch'],
  translate: ['value', dutchTranslate],
  simulationDutch: ['type', SimulationDutch],
};

export default dutchTranslateModule;
