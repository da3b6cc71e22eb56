import type { ModuleDeclaration } from 'didi';
import liveStateModule from '../live-state';
import DrillDownBehavior from './DrillDownBehavior';

/** Opens a waiting task or a called instance from its element on the diagram. */
const drillDownModule: ModuleDeclaration = {
  __depends__: [liveStateModule],
  __init__: ['drillDownBehavior'],
  drillDownBehavior: ['type', DrillDownBehavior],
};

export default drillDownModule;
