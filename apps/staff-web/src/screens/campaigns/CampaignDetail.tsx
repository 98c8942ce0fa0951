import { useCallback, useEffect, useState } from 'react';
import { useSession } from '../../session';
import { useStaffNames } from '../../staff-names';
import { useToast } from '../../toast';
import { Campaign, CampaignHistory, campaignsApi, NOTICE_LANGS, NoticeLang } from './api';
import { Changes, History } from './Changes';
import { Compose } from './Compose';
import { useCampaignText } from './strings';
import { ViberPreview } from './ViberPreview';

/** Statuses in which the funnel still moves: the page polls while the campaign is in one. */
const LIVE = ['scheduled', 'sending', 'paused'];

/**
 * One campaign: its notice as Viber will show it, what changed since the last review, the actions its
 * status and the viewer's roles allow, and the live funnel once sending begins.
 */
export function CampaignDetail({ id, onChanged }: { id: string; onChanged(): void }) {
  const { t, label, dateTime } = useCampaignText();
  const { session, has } = useSession();
  const toast = useToast();
  const [c, setC] = useState<Campaign | null>(null);
  const [history, setHistory] = useState<CampaignHistory | null>(null);
  const [editing, setEditing] = useState(false);
  const [previewLang, setPreviewLang] = useState<NoticeLang>('cnr-Latn');
  const [testLang, setTestLang] = useState<NoticeLang>('cnr-Latn');
  const [approveAt, setApproveAt] = useState('');
  const [reason, setReason] = useState('');
  const [link, setLink] = useState<{ linked: boolean; code?: string; until?: string } | null>(null);
  const nameOf = useStaffNames([
    c?.author,
    c?.approvedBy,
    ...(c?.editors ?? []),
    ...(history?.history.map((h) => h.by) ?? []),
    history?.sinceReview.since?.by,
  ]);

  const load = useCallback(async () => {
    const [campaign, h] = await Promise.all([campaignsApi.get(id), campaignsApi.history(id)]);
    setC(campaign);
    setHistory(h);
  }, [id]);
  useEffect(() => {
    load().catch((e: Error) => toast(e.message));
  }, [load, toast]);
  // The funnel moves while the campaign is sent: follow it.
  const live = !!c && LIVE.includes(c.status);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => void load().catch(() => undefined), 3000);
    return () => clearInterval(timer);
  }, [live, load]);
  const author = has('editor', 'supervisor', 'official');
  useEffect(() => {
    if (!author) return;
    campaignsApi
      .viberLink()
      .then((l) => setLink({ linked: l.linked }))
      .catch(() => setLink(null));
  }, [author]);

  // Once a code is shown, the link is made on the phone: follow it until it is there.
  const waitingForLink = !!link?.code && !link.linked;
  useEffect(() => {
    if (!waitingForLink) return;
    const timer = setInterval(() => {
      campaignsApi
        .viberLink()
        .then((l) => l.linked && setLink({ linked: true }))
        .catch(() => undefined);
    }, 2000);
    return () => clearInterval(timer);
  }, [waitingForLink]);

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      toast(t('done'));
    } catch (e) {
      toast((e as Error).message);
    }
    await load().catch(() => undefined);
    onChanged();
  };

  if (!c || !history) return <p>{t('loading')}</p>;
  const me = session?.staff.id;
  const supervisor = has('supervisor');
  const controller = has('supervisor', 'official');
  const mayApprove =
    supervisor && c.status === 'submitted' && me !== c.author && !c.editors.includes(me ?? '');
  const editable = author && ['draft', 'submitted', 'scheduled'].includes(c.status);

  return (
    <article className="campaign card" aria-labelledby="campaign-title">
      <h3 id="campaign-title">
        {c.title} ·{' '}
        <span className="badge" data-status={c.status}>
          {label('status_', c.status)}
        </span>
      </h3>
      <p className="muted">
        <span data-campaign-id={c.id}>{c.department}</span> · {t('createdBy', { by: nameOf(c.author) })}
        {c.approvedBy ? ` · ${t('approvedBy', { by: nameOf(c.approvedBy) })}` : ''} · {t('when')}:{' '}
        {c.sendAt ? dateTime(c.sendAt) : t('asSoonAsApproved')}
        {c.audienceSize ? ` · ${t('recipients', { n: c.audienceSize.total })}` : ''}
      </p>

      {editing ? (
        <Compose
          editing={c}
          onSaved={(saved) => {
            setC(saved);
            setEditing(false);
            void load();
            onChanged();
          }}
        />
      ) : (
        <div className="columns">
          <div className="grow">
            <Changes history={history} nameOf={nameOf} />
            <History history={history} nameOf={nameOf} />
          </div>
          <aside className="side">
            <label>
              {t('previewIn')}
              <select value={previewLang} onChange={(e) => setPreviewLang(e.target.value as NoticeLang)}>
                {NOTICE_LANGS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <ViberPreview content={c.content} lang={previewLang} label={t('preview')} />
          </aside>
        </div>
      )}

      <div className="row wrap actions">
        {editable ? (
          <button type="button" onClick={() => setEditing(!editing)} aria-expanded={editing}>
            {editing ? t('stopEditing') : t('edit')}
          </button>
        ) : null}
        {author && ['draft', 'submitted', 'scheduled'].includes(c.status) ? (
          <>
            <label>
              {t('testLanguage')}
              <select value={testLang} onChange={(e) => setTestLang(e.target.value as NoticeLang)}>
                {NOTICE_LANGS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={link?.linked === false}
              onClick={() => void run(() => campaignsApi.test(c.id, testLang))}
            >
              {t('testSend')}
            </button>
          </>
        ) : null}
        {author && c.status === 'draft' ? (
          <button type="button" className="primary" onClick={() => void run(() => campaignsApi.submit(c.id))}>
            {t('submit')}
          </button>
        ) : null}
        {mayApprove ? (
          <>
            <label>
              {t('approveAt')}
              <input type="datetime-local" value={approveAt} onChange={(e) => setApproveAt(e.target.value)} />
            </label>
            <button
              type="button"
              className="primary"
              onClick={() => void run(() => campaignsApi.approve(c.id, approveAt))}
            >
              {t('approve')}
            </button>
          </>
        ) : null}
        {controller && c.status === 'sending' ? (
          <button type="button" onClick={() => void run(() => campaignsApi.pause(c.id))}>
            {t('pause')}
          </button>
        ) : null}
        {controller && c.status === 'paused' ? (
          <button type="button" onClick={() => void run(() => campaignsApi.resume(c.id))}>
            {t('resume')}
          </button>
        ) : null}
        {controller && !['cancelled', 'completed'].includes(c.status) ? (
          <>
            <label>
              {t('cancelReason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button
              type="button"
              onClick={() => {
                if (window.confirm(t('confirmCancel'))) void run(() => campaignsApi.cancel(c.id, reason));
              }}
            >
              {t('cancel')}
            </button>
          </>
        ) : null}
      </div>
      {author && link && !link.linked ? (
        <p className="row wrap">
          <span>
            {link.code
              ? t('linkCode', { code: link.code, until: dateTime(link.until) })
              : t('viberNotLinked')}
          </span>
          {!link.code ? (
            <button
              type="button"
              onClick={() =>
                void campaignsApi
                  .linkViber()
                  .then((r) => setLink({ linked: false, code: r.code, until: r.expiresAt }))
                  .catch((e: Error) => toast(e.message))
              }
            >
              {t('linkViber')}
            </button>
          ) : null}
        </p>
      ) : author && link?.linked ? (
        <p className="muted">{t('viberLinked')}</p>
      ) : null}

      <Funnel campaign={c} />
    </article>
  );
}

/** Sent, delivered, seen, failed by reason, and who unsubscribed since it began. */
function Funnel({ campaign }: { campaign: Campaign }) {
  const { t, number } = useCampaignText();
  const stats = campaign.stats;
  return (
    <section aria-labelledby="funnel-title">
      <h4 id="funnel-title">{t('funnel')}</h4>
      {!stats ? (
        <p className="muted">{t('notStarted')}</p>
      ) : (
        <dl className="funnel">
          {(['targeted', 'sent', 'delivered', 'seen', 'unsubscribedSince'] as const).map((k) => (
            <div key={k}>
              <dt>{t(k)}</dt>
              <dd data-stat={k}>{number(stats[k])}</dd>
            </div>
          ))}
          <div>
            <dt>{t('failed')}</dt>
            <dd data-stat="failed">
              {number(stats.failed.total)}
              {stats.failed.total > 0 ? (
                <small className="reasons">
                  {Object.entries(stats.failed.byReason)
                    .map(([r, n]) => `${r}: ${number(n)}`)
                    .join(', ')}
                </small>
              ) : null}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
