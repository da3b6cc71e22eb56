import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { DiagramCanvas } from '../../diagram/diagram-canvas';
import diffModule from '../../diagram/diff';
import type DiffMarkers from '../../diagram/diff/DiffMarkers';
import type { ElementChange } from '../../diagram/diff/DiffUtil';

const MODULES = [diffModule];

/** One version's diagram with the changes marked that it has (added on the new, removed on the old). */
export function DiffDiagram(props: {
  xml: string;
  label: string;
  describedBy: string;
  changes: readonly ElementChange[];
}) {
  const [viewer, setViewer] = useState<NavigatedViewer | null>(null);
  const [error, setError] = useState('');
  const onReady = useCallback((ready: NavigatedViewer) => setViewer(ready), []);

  useEffect(() => {
    viewer?.get<DiffMarkers>('diffMarkers').show(props.changes);
  }, [viewer, props.changes]);

  if (error) {
    return (
      <p class="notice error" role="alert">
        {error} De wijzigingen staan in de lijst hieronder.
      </p>
    );
  }
  return (
    <div class="diff-diagram">
      <DiagramCanvas
        xml={props.xml}
        modules={MODULES}
        label={props.label}
        describedBy={props.describedBy}
        onReady={onReady}
        onError={setError}
      />
    </div>
  );
}
