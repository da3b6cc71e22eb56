import type { ModuleDeclaration } from 'didi';
import DiffMarkers from './DiffMarkers';

/** The comparison of two versions on a diagram: added, removed and changed elements marked in words and colour. */
const diffModule: ModuleDeclaration = {
  __init__: ['diffMarkers'],
  diffMarkers: ['type', DiffMarkers],
};

export default diffModule;
