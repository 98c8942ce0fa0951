import { KeyboardEvent, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { CampaignDetail } from './CampaignDetail';
import { CampaignList } from './CampaignList';
import { Compose } from './Compose';
import { useCampaignText } from './strings';
import './campaigns.css';

type Tab = 'list' | 'compose' | 'approvals';

/**
 * Campaigns: the list with a status filter, a composer, and for supervisors the approvals inbox; the
 * campaign opened from either list shows below it with its diff, actions and live funnel.
 */
export function Campaigns() {
  const { t } = useCampaignText();
  const { t: appText } = useI18n();
  const { has } = useSession();
  const supervisor = has('supervisor');
  const author = has('editor', 'supervisor', 'official');
  const tabs: Tab[] = [
    'list',
    ...(author ? (['compose'] as Tab[]) : []),
    ...(supervisor ? (['approvals'] as Tab[]) : []),
  ];
  // A supervisor lands on what waits for them.
  const [tab, setTab] = useState<Tab>(supervisor ? 'approvals' : 'list');
  const [open, setOpen] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});

  // The tabs follow the WAI-ARIA pattern: arrow keys move between them.
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? tabs[(i + 1) % tabs.length]
        : e.key === 'ArrowLeft'
          ? tabs[(i - 1 + tabs.length) % tabs.length]
          : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    refs.current[next]?.focus();
  };
  const label = (x: Tab) => (x === 'list' ? t('list') : x === 'compose' ? t('compose') : t('approvals'));

  return (
    <div className="campaigns">
      <h1>{appText('campaigns')}</h1>
      <div className="tabs" role="tablist" aria-label={t('list')} onKeyDown={onKey}>
        {tabs.map((x) => (
          <button
            key={x}
            ref={(el) => {
              refs.current[x] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`panel-${x}`}
            tabIndex={tab === x ? 0 : -1}
            onClick={() => setTab(x)}
          >
            {label(x)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'compose' ? (
          <Compose
            onSaved={(c) => {
              setOpen(c.id);
              setRefresh((n) => n + 1);
              setTab('list');
            }}
          />
        ) : (
          <CampaignList
            approvals={tab === 'approvals'}
            selected={open}
            onOpen={setOpen}
            refreshKey={refresh}
          />
        )}
      </div>
      {open && tab !== 'compose' ? (
        <CampaignDetail key={open} id={open} onChanged={() => setRefresh((n) => n + 1)} />
      ) : null}
    </div>
  );
}
