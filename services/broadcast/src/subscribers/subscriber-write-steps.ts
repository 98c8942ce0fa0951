import { SubscriberChange } from './subscriber-change';

type Upsert<K extends SubscriberChange['kind']> = Extract<SubscriberChange, { kind: K }>;
export type NoticesUpsert = Upsert<'notices'>;

/** Changes that can go to the database together: at most one per citizen and column group. */
export interface UpsertStep {
  kind: 'upsert';
  subscription: Upsert<'subscription'>[];
  notices: NoticesUpsert[];
  language: Upsert<'language'>[];
  categories: Upsert<'categories'>[];
}

export interface ForgetStep {
  kind: 'forget';
  citizenIds: string[];
}

export type SubscriberWriteStep = UpsertStep | ForgetStep;

const emptyUpsert = (): UpsertStep => ({
  kind: 'upsert',
  subscription: [],
  notices: [],
  language: [],
  categories: [],
});

/**
 * Groups a batch's subscriber changes into as few set-based writes as keep their meaning: applied step
 * by step, each citizen's changes of one column group land in the order they came, exactly as if they
 * were applied one at a time (the column groups are independent of each other), and a forget sees
 * everything before it and nothing after. Choosing categories also turns notices back on (as one
 * change of each).
 */
export function subscriberWriteSteps(changes: readonly SubscriberChange[]): SubscriberWriteStep[] {
  const steps: SubscriberWriteStep[] = [];
  let step = emptyUpsert();
  let seen = new Set<string>();
  const close = () => {
    if (seen.size > 0) steps.push(step);
    step = emptyUpsert();
    seen = new Set();
  };
  const add = <K extends keyof Omit<UpsertStep, 'kind'>>(group: K, change: UpsertStep[K][number]) => {
    const key = `${group}\u0000${change.citizenId}`;
    if (seen.has(key)) close();
    seen.add(key);
    (step[group] as Array<typeof change>).push(change);
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'forget': {
        close();
        const last = steps[steps.length - 1];
        if (last?.kind === 'forget') last.citizenIds.push(change.citizenId);
        else steps.push({ kind: 'forget', citizenIds: [change.citizenId] });
        break;
      }
      case 'subscription':
        add('subscription', change);
        break;
      case 'notices':
        add('notices', change);
        break;
      case 'language':
        add('language', change);
        break;
      case 'categories':
        add('categories', change);
        if (change.categories.length > 0)
          add('notices', { kind: 'notices', citizenId: change.citizenId, notices: true, at: change.at });
        break;
    }
  }
  close();
  return steps;
}
