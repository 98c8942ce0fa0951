import { useCallback, useEffect, useState } from 'react';
import { useStaffNames } from '../../staff-names';
import { useToast } from '../../toast';
import { CampaignPage, campaignsApi, STATUSES } from './api';
import { useCampaignText } from './strings';

const PAGE = 20;

/**
 * Campaigns of the viewer's departments, newest change first, by status, a page at a time. With
 * `approvals` it is the supervisor's inbox: submitted campaigns they may approve (never their own).
 */
export function CampaignList({
  approvals = false,
  selected,
  onOpen,
  refreshKey,
}: {
  approvals?: boolean;
  selected: string | null;
  onOpen(id: string): void;
  refreshKey: number;
}) {
  const { t, label, dateTime } = useCampaignText();
  const toast = useToast();
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<CampaignPage | null>(null);
  const nameOf = useStaffNames(page?.items.map((c) => c.author) ?? []);

  const load = useCallback(
    () =>
      campaignsApi
        .list({
          ...(approvals ? { awaitingMyApproval: 'true' as const } : status ? { status } : {}),
          limit: PAGE,
          offset,
        })
        .then(setPage),
    [approvals, status, offset],
  );
  useEffect(() => {
    load().catch((e: Error) => toast(e.message));
    // Others submit and approve meanwhile: the list follows.
    const timer = setInterval(() => void load().catch(() => undefined), 10_000);
    return () => clearInterval(timer);
  }, [load, toast, refreshKey]);

  const headingId = approvals ? 'approvals-title' : 'list-title';
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{approvals ? t('approvals') : t('list')}</h2>
      {!approvals ? (
        <p className="status-filter">
          <label htmlFor="status-filter">{t('statusFilter')}</label>{' '}
          <select
            id="status-filter"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setOffset(0);
            }}
          >
            <option value="">{t('allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {label('status_', s)}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      {!page ? (
        <p>{t('loading')}</p>
      ) : page.items.length === 0 ? (
        <p>{approvals ? t('noApprovals') : t('noCampaigns')}</p>
      ) : (
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('title')}</th>
                <th scope="col">{t('statusFilter')}</th>
                <th scope="col">{t('department')}</th>
                <th scope="col">{t('author')}</th>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('changed')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr
                  key={c.id}
                  className={c.id === selected ? 'selected' : undefined}
                  data-list-campaign={c.id}
                >
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-current={c.id === selected ? 'true' : undefined}
                      onClick={() => onOpen(c.id)}
                    >
                      {c.title}
                    </button>
                  </td>
                  <td>
                    <span className="badge">{label('status_', c.status)}</span>
                  </td>
                  <td>{c.department}</td>
                  <td data-author={c.author}>{nameOf(c.author)}</td>
                  <td>{c.sendAt ? dateTime(c.sendAt) : t('asSoonAsApproved')}</td>
                  <td>{dateTime(c.changedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && page.total > PAGE ? (
        <div className="row pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            {t('previous')}
          </button>
          <span>
            {t('pageOf', {
              from: page.total ? offset + 1 : 0,
              to: Math.min(offset + PAGE, page.total),
              total: page.total,
            })}
          </span>
          <button
            type="button"
            disabled={offset + PAGE >= page.total}
            onClick={() => setOffset(offset + PAGE)}
          >
            {t('next')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
