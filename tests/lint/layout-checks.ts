import { child, children, flowElementsDeep, type ModdleElement } from '../../server/definitions/bpmn-parser';

/**
 * Geometry checks on a diagram's DI, for the layout test: what a reader of the diagram would
 * stumble over (missing shapes, shapes on top of each other, labels over shapes, arrows that do not
 * touch their elements). Each problem is one line naming the elements involved.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Point {
  x: number;
  y: number;
}

/** How far a waypoint may lie from the outline it docks on; modelers round to whole pixels. */
const DOCKING_TOLERANCE = 5;

export interface LayoutProblems {
  missingDi: string[];
  overlappingShapes: string[];
  labelsOverShapes: string[];
  edgeEnds: string[];
}

interface Shape {
  element: ModdleElement;
  bounds: Box;
}

export function layoutProblems(definitions: ModdleElement): LayoutProblems {
  const planeElements = children(definitions, 'diagrams').flatMap((diagram) =>
    children(child(diagram, 'plane'), 'planeElement'),
  );
  const shapes = new Map<ModdleElement, Shape>();
  for (const di of planeElements.filter((di) => di.$type === 'bpmndi:BPMNShape')) {
    const element = child(di, 'bpmnElement');
    const bounds = box(child(di, 'bounds'));
    if (element && bounds) shapes.set(element, { element, bounds });
  }
  const edges = planeElements.filter((di) => di.$type === 'bpmndi:BPMNEdge');
  const processes = children(definitions, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
  const elements = processes.flatMap((process) => flowElementsDeep(process));
  // Lanes and pools contain their elements by design; only what is drawn inside them can collide.
  const drawn = [...shapes.values()].filter(
    (shape) => !is(shape.element, 'bpmn:Lane') && !is(shape.element, 'bpmn:Participant'),
  );

  return {
    missingDi: missingDi(elements, shapes, edges),
    overlappingShapes: overlappingShapes(drawn),
    labelsOverShapes: labelsOverShapes(planeElements, drawn),
    edgeEnds: edgeEnds(edges, shapes),
  };
}

function missingDi(elements: ModdleElement[], shapes: Map<ModdleElement, Shape>, edges: ModdleElement[]): string[] {
  const withEdge = new Set(edges.map((edge) => child(edge, 'bpmnElement')));
  return elements.flatMap((element) => {
    if (is(element, 'bpmn:FlowNode') && !shapes.has(element)) return [`${nameOf(element)} has no BPMNShape`];
    if (is(element, 'bpmn:SequenceFlow') && !withEdge.has(element)) return [`${nameOf(element)} has no BPMNEdge`];
    return [];
  });
}

function overlappingShapes(drawn: Shape[]): string[] {
  const problems: string[] = [];
  for (const [index, a] of drawn.entries()) {
    for (const b of drawn.slice(index + 1)) {
      if (!overlap(a.bounds, b.bounds) || mayOverlap(a.element, b.element)) continue;
      problems.push(`${nameOf(a.element)} ${format(a.bounds)} overlaps ${nameOf(b.element)} ${format(b.bounds)}`);
    }
  }
  return problems;
}

/** A boundary event sits on its host's border; an element inside an expanded sub-process sits on it. */
function mayOverlap(a: ModdleElement, b: ModdleElement): boolean {
  return child(a, 'attachedToRef') === b || child(b, 'attachedToRef') === a || contains(a, b) || contains(b, a);
}

function contains(container: ModdleElement, element: ModdleElement): boolean {
  for (let parent = element.$parent; parent; parent = parent.$parent) if (parent === container) return true;
  return false;
}

function labelsOverShapes(planeElements: ModdleElement[], drawn: Shape[]): string[] {
  const problems: string[] = [];
  for (const di of planeElements) {
    const owner = child(di, 'bpmnElement');
    const bounds = box(child(child(di, 'label'), 'bounds'));
    if (!owner || !bounds) continue;
    for (const shape of drawn) {
      if (shape.element === owner || contains(shape.element, owner) || !overlap(bounds, shape.bounds)) continue;
      problems.push(
        `the label of ${nameOf(owner)} ${format(bounds)} overlaps ${nameOf(shape.element)} ${format(shape.bounds)}`,
      );
    }
  }
  return problems;
}

function edgeEnds(edges: ModdleElement[], shapes: Map<ModdleElement, Shape>): string[] {
  const problems: string[] = [];
  for (const edge of edges) {
    const flow = child(edge, 'bpmnElement');
    if (!flow) continue;
    const waypoints = children(edge, 'waypoint').map((point) => ({ x: Number(point.x), y: Number(point.y) }));
    if (waypoints.length < 2) {
      problems.push(`${nameOf(flow)} has ${waypoints.length} waypoint(s); an edge needs at least 2`);
      continue;
    }
    const ends: Array<[string, ModdleElement | undefined, Point]> = [
      ['starts', child(flow, 'sourceRef'), waypoints[0]!],
      ['ends', child(flow, 'targetRef'), waypoints[waypoints.length - 1]!],
    ];
    for (const [verb, element, point] of ends) {
      const shape = element && shapes.get(element);
      if (!element || !shape) continue; // reported as missing DI
      const distance = dockingDistance(point, shape);
      if (distance > DOCKING_TOLERANCE) {
        const role = verb === 'starts' ? 'its source' : 'its target';
        problems.push(
          `${nameOf(flow)} ${verb} at (${point.x},${point.y}), ${Math.round(distance)}px from ${role} ${nameOf(element)} ${format(shape.bounds)}`,
        );
      }
    }
  }
  return problems;
}

/**
 * How far a waypoint is from where it should dock. Activities are drawn as their bounds, so the
 * point belongs on that rectangle's outline (one inside would draw the arrow across the task).
 * Events and gateways are circles and diamonds inside their bounds, so any point within counts.
 */
function dockingDistance(point: Point, shape: Shape): number {
  const { x, y, width, height } = shape.bounds;
  const dx = Math.max(x - point.x, 0, point.x - (x + width));
  const dy = Math.max(y - point.y, 0, point.y - (y + height));
  const outside = Math.hypot(dx, dy);
  if (outside > 0 || !is(shape.element, 'bpmn:Activity')) return outside;
  return Math.min(point.x - x, x + width - point.x, point.y - y, y + height - point.y);
}

/** Overlap with a positive area: shapes that only touch do not overlap. */
function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function box(bounds: ModdleElement | undefined): Box | undefined {
  if (!bounds) return undefined;
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((property) => Number(bounds[property]));
  return [x, y, width, height].every((value) => Number.isFinite(value))
    ? { x: x!, y: y!, width: width!, height: height! }
    : undefined;
}

function is(element: ModdleElement, type: string): boolean {
  const instanceOf = (element as { $instanceOf?: (type: string) => boolean }).$instanceOf;
  return typeof instanceOf === 'function' ? instanceOf.call(element, type) : element.$type === type;
}

function nameOf(element: ModdleElement): string {
  return `${element.id ?? '?'} (${element.$type.replace('bpmn:', '')}${element.name ? ` "${element.name}"` : ''})`;
}

function format({ x, y, width, height }: Box): string {
  return `[x=${x} y=${y} w=${width} h=${height}]`;
}
