import { useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../../server/contract/api';
import { whenUnauthorized } from '../api/http';
import { Header } from '../components/header';
import { AccessLogScreen } from '../screens/access-log-screen';
import { AdminHomeScreen } from '../screens/admin-home-screen';
import { AdminTeamsScreen } from '../screens/admin-teams-screen';
import { AdminUserEditScreen, AdminUserNewScreen } from '../screens/admin-user-screen';
import { AdminUsersScreen } from '../screens/admin-users-screen';
import { CaseListScreen } from '../screens/case-list-screen';
import { CasePage } from '../screens/case-page';
import { FormEditorScreen } from '../screens/form-editor-screen';
import { FormScreen } from '../screens/form-screen';
import { FormsScreen } from '../screens/forms-screen';
import { InstanceScreen } from '../screens/instance-screen';
import { IntakeScreen } from '../screens/intake-screen';
import { LoginScreen } from '../screens/login-screen';
import { ModelerScreen } from '../screens/modeler-screen';
import { NotFoundScreen } from '../screens/not-found-screen';
import { ForcedPasswordScreen, PasswordScreen } from '../screens/password-screen';
import { ProcessScreen } from '../screens/process-screen';
import { ProcessesScreen } from '../screens/processes-screen';
import { SturingScreen } from '../screens/sturing-screen';
import { TaskPage } from '../screens/task-page';
import { WorklistScreen } from '../screens/worklist-screen';
import { type Route, useRoute } from './router';
import { currentSessionInfo, SessionContext } from './session';

/** The app: the login until there is a session, then the header and the screen of the URL. */
export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    whenUnauthorized(() => setSession(null));
    void currentSessionInfo().then(setSession);
  }, []);

  if (session === undefined)
    return (
      <main id="inhoud">
        <p>De werkomgeving wordt geladen…</p>
      </main>
    );
  // Read the session again after login: it says whether a one-time password must be changed first.
  if (session === null) return <LoginScreen onLogin={() => void currentSessionInfo().then(setSession)} />;
  // After a one-time password every other call is refused, so nothing else is shown until it is changed.
  if (session.mustChangePassword)
    return (
      <SessionContext.Provider value={session.user}>
        <ForcedPasswordScreen
          onChanged={() => void currentSessionInfo().then(setSession)}
          onLogout={() => setSession(null)}
        />
      </SessionContext.Provider>
    );
  return (
    <SessionContext.Provider value={session.user}>
      <a class="skip-link" href="#inhoud">
        Naar de inhoud
      </a>
      <Header onLogout={() => setSession(null)} />
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
    case 'forms':
      return <FormsScreen />;
    case 'form':
      return <FormScreen key={route.key} formKey={route.key} />;
    case 'form-new':
      return <FormEditorScreen formKey={undefined} />;
    case 'form-edit':
      return <FormEditorScreen key={route.key} formKey={route.key} />;
    case 'intake':
      return <IntakeScreen />;
    case 'access-log':
      return <AccessLogScreen query={route.query} />;
    case 'admin':
      return <AdminHomeScreen />;
    case 'admin-users':
      return <AdminUsersScreen query={route.query} />;
    case 'admin-user-new':
      return <AdminUserNewScreen />;
    case 'admin-user':
      return <AdminUserEditScreen key={route.id} id={route.id} />;
    case 'admin-teams':
      return <AdminTeamsScreen />;
    case 'password':
      return <PasswordScreen />;
    case 'sturing':
      return <SturingScreen query={route.query} />;
    case 'not-found':
      return <NotFoundScreen />;
  }
}
