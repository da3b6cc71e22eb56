import { useEffect, useState } from 'preact/hooks';
import type { User } from '../../server/contract/api';
import { whenUnauthorized } from '../api/http';
import { Header } from '../components/header';
import { CaseListScreen } from '../screens/case-list-screen';
import { CasePage } from '../screens/case-page';
import { InstanceScreen } from '../screens/instance-screen';
import { IntakeScreen } from '../screens/intake-screen';
import { LoginScreen } from '../screens/login-screen';
import { ModelerScreen } from '../screens/modeler-screen';
import { NotFoundScreen } from '../screens/not-found-screen';
import { ProcessScreen } from '../screens/process-screen';
import { ProcessesScreen } from '../screens/processes-screen';
import { SturingScreen } from '../screens/sturing-screen';
import { TaskPage } from '../screens/task-page';
import { WorklistScreen } from '../screens/worklist-screen';
import { type Route, useRoute } from './router';
import { currentSession, SessionContext } from './session';

/** The app: the login until there is a session, then the header and the screen of the URL. */
export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    whenUnauthorized(() => setUser(null));
    void currentSession().then(setUser);
  }, []);

  if (user === undefined)
    return (
      <main id="inhoud">
        <p>De werkomgeving wordt geladen…</p>
      </main>
    );
  if (user === null) return <LoginScreen onLogin={setUser} />;
  return (
    <SessionContext.Provider value={user}>
      <a class="skip-link" href="#inhoud">
        Naar de inhoud
      </a>
      <Header onLogout={() => setUser(null)} />
      <main id="inhoud" tabIndex={-1}>
        <Screen route={route} />
      </main>
    </SessionContext.Provider>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'worklist':
      return <WorklistScreen query={route.query} />;
    case 'task':
      return <TaskPage key={route.taskId} taskId={route.taskId} />;
    case 'cases':
      return <CaseListScreen query={route.query} />;
    case 'case':
      return <CasePage key={route.caseId} caseId={route.caseId} />;
    case 'instance':
      return <InstanceScreen key={route.id} id={route.id} />;
    case 'processes':
      return <ProcessesScreen />;
    case 'process':
      return <ProcessScreen key={route.key} processKey={route.key} />;
    case 'modeler':
      return <ModelerScreen key={route.key} processKey={route.key} />;
    case 'intake':
      return <IntakeScreen />;
    case 'sturing':
      return <SturingScreen query={route.query} />;
    case 'not-found':
      return <NotFoundScreen />;
  }
}
