import type { ModuleDeclaration } from 'didi';
import LiveStateRenderer from './LiveStateRenderer';

/** Live state of one process instance on its diagram: markers, task badges, links to called instances. */
const liveStateModule: ModuleDeclaration = {
  __init__: ['liveStateRenderer'],
  liveStateRenderer: ['type', LiveStateRenderer],
};

export default liveStateModule;
