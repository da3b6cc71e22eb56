import type { ModuleDeclaration } from 'didi';
import dutchTranslate from './DutchTranslate';

/** Replaces diagram-js's `translate` (a plain value, as in diagram-js's own i18n module). */
const dutchTranslateModule: ModuleDeclaration = {
  translate: ['value', dutchTranslate],
};

export default dutchTranslateModule;
