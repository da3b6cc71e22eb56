import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Task, User } from '../../../server/contract/api';
import { api, messageOf } from '../../api/http';
import { useLiveConnect, useLiveEvent } from '../../api/live';
import { belongsIn, type ListName, listDefinition } from './view';

export interface Announcement {
  /** Increases with every announcement, so the same words said twice are read twice. */
  id: number;
  text: string;
}

export interface Worklist {
  /** The list's open tasks, unsorted and unfiltered; null while the list loads. */
  tasks: Task[] | null;
  loadError: string;
  announcement: Announcement | null;
  announce(text: string): void;
  reload(): Promise<void>;
  /** Takes in a task the server answered to the user's own action, with what to announce. */
  applyOwn(task: Task, message: string): void;
  /**
   * Runs one of the user's own actions on a task: the live echo of that action is applied quietly,
   * because the action's own answer says what happened in words that fit it.
   */
  ownAction<T>(taskId: string, action: () => Promise<T>): Promise<T>;
}

/**
 * The tasks of one list, kept current by the live task events: a task someone else claims changes
 * its holder in place, finished tasks leave, new tasks arrive when they belong in the list. Each
 * change made by someone else is announced politely.
 */
export function useWorklist(list: ListName, user: User, nameOf: (userId: string) => string): Worklist {
  const [tasks, setTasksState] = useState<Task[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const tasksRef = useRef<Task[] | null>(null);
  // Live events that arrive while a list loads are kept and replayed on the answer: the answer
  // may predate them, and replaying events in order over a snapshot gives the latest state.
  const replay = useRef<Task[] | null>(null);
  const loading = useRef(0);
  const ownActions = useRef(new Set<string>());
  // The live handlers stay the same functions for the whole visit (so the socket subscription is
  // not renewed on every render) and read the current list and names through refs.
  const listRef = useRef(list);
  listRef.current = list;
  const nameRef = useRef(nameOf);
  nameRef.current = nameOf;

  const commit = (next: Task[] | null) => {
    tasksRef.current = next;
    setTasksState(next);
  };

  const announce = useCallback((text: string) => {
    setAnnouncement((previous) => ({ id: (previous?.id ?? 0) + 1, text }));
  }, []);

  const load = useCallback(
    async (name: ListName) => {
      const ticket = ++loading.current;
      replay.current = [];
      const definition = listDefinition(name);
      try {
        const answer = await api.get<Task[]>(
          `/api/tasks?scope=${definition.scope}${definition.overdue ? '&overdue=true' : ''}`,
        );
        if (ticket !== loading.current) return;
        const next = (replay.current ?? []).reduce((rows, task) => merge(rows, task, name, user), answer);
        replay.current = null;
        setLoadError('');
        commit(next);
      } catch (error) {
        if (ticket !== loading.current) return;
        replay.current = null;
        setLoadError(messageOf(error));
      }
    },
    [user],
  );

  useEffect(() => {
    commit(null);
    setLoadError('');
    void load(list);
  }, [list, load]);

  // Events from before the socket joined its rooms, or while it was down, are not sent again:
  // the list is read again on every connect.
  const again = useCallback(() => void load(listRef.current), [load]);
  useLiveConnect(again);

  const onTask = useCallback(
    (task: Task) => {
      replay.current?.push(task);
      const current = tasksRef.current;
      if (!current) return;
      const before = current.find((row) => row.id === task.id);
      const next = merge(current, task, listRef.current, user);
      commit(next);
      if (ownActions.current.has(task.id)) return;
      const message = describeChange(
        before,
        task,
        next.some((row) => row.id === task.id),
        user,
        nameRef.current,
      );
      if (message) announce(message);
    },
    [user, announce],
  );
  useLiveEvent('task:created', onTask);
  useLiveEvent('task:updated', onTask);
  useLiveEvent('task:completed', onTask);

  const applyOwn = useCallback(
    (task: Task, message: string) => {
      const current = tasksRef.current;
      if (current) commit(merge(current, task, listRef.current, user));
      announce(message);
    },
    [user, announce],
  );

  const ownAction = useCallback(async <T>(taskId: string, action: () => Promise<T>): Promise<T> => {
    ownActions.current.add(taskId);
    try {
      return await action();
    } finally {
      // The echo of the action may come just after its answer; it carries the same state, so
      // applying it after this point changes nothing and announces nothing.
      ownActions.current.delete(taskId);
    }
  }, []);

  const reload = useCallback(() => load(listRef.current), [load]);

  return { tasks, loadError, announcement, announce, reload, applyOwn, ownAction };
}

/** The rows after one task changed: replaced where it was, added when new, gone when it no longer belongs. */
function merge(rows: Task[], task: Task, list: ListName, user: User): Task[] {
  const index = rows.findIndex((row) => row.id === task.id);
  const keep = belongsIn(list, user, task);
  if (index === -1) return keep ? [...rows, task] : rows;
  const next = [...rows];
  if (keep) next[index] = task;
  else next.splice(index, 1);
  return next;
}

/** A change someone else made, in words, or nothing when the row did not change for this user. */
function describeChange(
  before: Task | undefined,
  task: Task,
  inList: boolean,
  user: User,
  nameOf: (userId: string) => string,
): string {
  const subject = `${task.name} (casus ${task.caseId})`;
  if (task.state !== 'open') {
    if (!before) return '';
    return task.state === 'completed' ? `${subject} is afgerond.` : `${subject} is vervallen.`;
  }
  if (!before) {
    if (!inList) return '';
    return task.assignee === user.id ? `${subject} is aan u toegewezen.` : `Nieuwe taak: ${subject}.`;
  }
  if (before.assignee === task.assignee) return '';
  const holder = task.assignee === user.id ? 'u' : task.assignee ? nameOf(task.assignee) : '';
  if (!inList)
    return holder
      ? `${subject} is nu bij ${holder} en staat niet meer in deze lijst.`
      : `${subject} staat niet meer in deze lijst.`;
  if (!task.assignee) return `${subject} is vrijgegeven.`;
  if (task.assignee === user.id) return `${subject} is aan u toegewezen.`;
  return before.assignee
    ? `${subject} is overgedragen aan ${holder}.`
    : `${task.name} is opgepakt door ${holder} (casus ${task.caseId}).`;
}
