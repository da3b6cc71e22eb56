import type { SessionInfo, Task } from '../server/contract/api';

/**
 * Placeholder client: shows who is logged in and their open tasks, so a person who runs the
 * start command sees the living system. The real worklist and diagrams come in later issues.
 */
const app = document.querySelector<HTMLElement>('#app')!;

async function show(): Promise<void> {
  const session = await fetch('/api/session');
  if (session.status === 401) return showLogin();
  const { user } = (await session.json()) as SessionInfo;
  const tasks = (await (await fetch('/api/tasks?scope=all')).json()) as Task[];
  app.innerHTML = `<h1>Casusregie</h1><p>Ingelogd als <strong></strong> (<span class="roles"></span>)</p>
    <h2>Open taken (${tasks.length})</h2><ul></ul>`;
  app.querySelector('strong')!.textContent = user.name;
  app.querySelector('.roles')!.textContent = [...user.roles, ...user.teams].join(', ');
  const list = app.querySelector('ul')!;
  for (const task of tasks) {
    const item = document.createElement('li');
    item.textContent = `${task.caseId} — ${task.name}${task.dueAt ? ` (uiterlijk ${new Date(task.dueAt).toLocaleDateString('nl-NL')})` : ''}`;
    list.append(item);
  }
}

function showLogin(): void {
  app.innerHTML = `<h1>Casusregie</h1><form><label>Gebruikersnaam <input name="username" autocomplete="username" required></label>
    <label>Wachtwoord <input name="password" type="password" autocomplete="current-password" required></label>
    <button>Inloggen</button><p role="alert"></p></form>`;
  const form = app.querySelector('form')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    });
    if (response.ok) return show();
    app.querySelector('[role=alert]')!.textContent = 'Gebruikersnaam of wachtwoord klopt niet.';
  });
}

void show();
