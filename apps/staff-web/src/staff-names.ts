import { useEffect, useReducer } from 'react';
import { getToken, handoff, ok } from './api/clients';

/**
 * Staff names for the ids other services record (a campaign's author, its approver, who changed it).
 * Handoff answers only the names the signed-in person may read (their departments' colleagues, admins);
 * any other id stays an id. An erased account's name comes back as "[erased]".
 *
 * One book for the whole app, so that a list and its detail ask once; it starts over when the token
 * changes, since another person may read other names.
 */
const MAX_IDS_PER_CALL = 100;
const names = new Map<string, string>();
/** Asked or answered: not asked again (an id left out of an answer is not readable by this person). */
const asked = new Set<string>();
const listeners = new Set<() => void>();
let bookOf: string | null = null;

async function ask(ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_CALL) {
    const chunk = ids.slice(i, i + MAX_IDS_PER_CALL);
    try {
      const got = await ok<Array<{ id: string; name: string }>>(
        handoff.GET('/staff/names', { params: { query: { ids: chunk.join(',') } } }),
      );
      for (const { id, name } of got) names.set(id, name);
    } catch {
      // Asked again by the next screen that needs them.
      for (const id of chunk) asked.delete(id);
    }
  }
  for (const l of listeners) l();
}

/** A function from a staff id to the name to show; re-renders when names arrive. */
export function useStaffNames(ids: ReadonlyArray<string | null | undefined>): (id: string) => string {
  const [, arrived] = useReducer((n: number) => n + 1, 0);
  const wanted = [...new Set(ids.filter((id): id is string => !!id))].sort().join(',');
  useEffect(() => {
    listeners.add(arrived);
    return () => void listeners.delete(arrived);
  }, []);
  useEffect(() => {
    const token = getToken();
    if (token !== bookOf) {
      names.clear();
      asked.clear();
      bookOf = token;
    }
    const missing = wanted ? wanted.split(',').filter((id) => !asked.has(id)) : [];
    if (missing.length === 0) return;
    for (const id of missing) asked.add(id);
    void ask(missing);
  }, [wanted]);
  return (id: string) => names.get(id) ?? id;
}
