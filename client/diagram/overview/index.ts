import type { ModuleDeclaration } from 'didi';
import ElementCountBadges from './ElementCountBadges';
import HeatMap from './HeatMap';

/** The process overview on a diagram: counts of waiting cases per element, and the heat map. */
const overviewModule: ModuleDeclaration = {
  __init__: ['elementCountBadges', 'heatMap'],
  elementCountBadges: ['type', ElementCountBadges],
  heatMap: ['type', HeatMap],
};

export default overviewModule;
