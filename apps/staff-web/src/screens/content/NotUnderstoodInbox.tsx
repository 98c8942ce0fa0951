import { useCallback, useEffect, useState } from 'react';
import { analytics, dialog, ok } from '../../api/clients';
import { useI18n } from '../../i18n';
import { useSession } from '../../session';
import { useToast } from '../../toast';
import { useContentText } from './content.strings';
import { ContentTopic } from './content-model';

interface InboxRow {
  text: string;
  count: number;
  lastAsked: string;
}
type Language = 'cnr-Latn' | 'cnr-Cyrl' | 'en';

const DAYS = 30;

/**
 * The editors' not-understood inbox (GET /analytics/not-understood/inbox): one click files a question
 * as an example of a topic in the draft, or dismisses it; either takes it off the inbox for good (until
 * a citizen asks it again). The list is analytics' projection, so it follows the change a moment later.
 */
export function NotUnderstoodInbox({ topics, changed }: { topics: ContentTopic[]; changed(): void }) {
  const { t, number, dateTime } = useI18n();
  const tx = useContentText();
  const toast = useToast();
  const [rows, setRows] = useState<InboxRow[] | null>(null);
  const [target, setTarget] = useState<Record<string, string>>({});
  const [language, setLanguage] = useState<Record<string, Language>>({});
  const [gone, setGone] = useState<Set<string>>(new Set());
  const { session, has } = useSession();
  // An editor files questions under the topics of their departments (the API refuses the others).
  const mine = has('admin')
    ? topics
    : topics.filter((x) => session?.staff.departments.includes(x.department));

  const load = useCallback(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - DAYS * 864e5);
    const r = await analytics.GET('/analytics/not-understood/inbox', {
      params: { query: { from: from.toISOString(), to: to.toISOString(), limit: '100' } as never },
    });
    setRows(r.response.ok ? ((r.data as unknown as { rows: InboxRow[] }).rows ?? []) : []);
  }, []);
  useEffect(() => void load(), [load]);

  const act = async (text: string, call: () => Promise<unknown>, done: string) => {
    try {
      await call();
      // Off the list at once; the projection catches up with the next load.
      setGone((g) => new Set(g).add(text));
      toast(done);
      changed();
    } catch (e) {
      toast((e as Error).message);
    }
  };

  const visible = (rows ?? []).filter((r) => !gone.has(r.text));
  return (
    <section className="card" aria-labelledby="nu-title">
      <div className="row spread">
        <h2 id="nu-title">{tx('inbox')}</h2>
        <button type="button" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </div>
      {rows === null ? (
        <p>{t('loading')}</p>
      ) : visible.length === 0 ? (
        <p className="muted">{tx('inboxEmpty')}</p>
      ) : (
        <table className="nu-inbox">
          <thead>
            <tr>
              <th scope="col">{t('text')}</th>
              <th scope="col">{tx('asked')}</th>
              <th scope="col">{tx('lastAsked')}</th>
              <th scope="col">{tx('fileUnder')}</th>
              <th scope="col">{tx('dismiss')}</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((r) => (
              <tr key={r.text} data-question={r.text}>
                <td>{r.text}</td>
                <td>{number(r.count)}</td>
                <td>{dateTime(r.lastAsked)}</td>
                <td>
                  <div className="row">
                    <select
                      aria-label={tx('inboxTopic', { text: r.text })}
                      value={target[r.text] ?? ''}
                      onChange={(e) => setTarget({ ...target, [r.text]: e.target.value })}
                    >
                      <option value="">—</option>
                      {mine.map((x) => (
                        <option key={x.id} value={x.id}>
                          {x.id}
                        </option>
                      ))}
                    </select>
                    <select
                      aria-label={tx('inboxLanguage', { text: r.text })}
                      value={language[r.text] ?? 'cnr-Latn'}
                      onChange={(e) => setLanguage({ ...language, [r.text]: e.target.value as Language })}
                    >
                      <option value="cnr-Latn">{tx('scriptLatn')}</option>
                      <option value="cnr-Cyrl">{tx('scriptCyrl')}</option>
                      <option value="en">{tx('scriptEn')}</option>
                    </select>
                    <button
                      type="button"
                      disabled={!target[r.text]}
                      aria-label={`${tx('fileUnder')}: ${r.text}`}
                      onClick={() => {
                        const topic = target[r.text];
                        void act(
                          r.text,
                          () =>
                            ok(
                              dialog.POST('/dialog/content/draft/topics/{id}/examples', {
                                params: { path: { id: topic } },
                                body: { question: r.text, language: language[r.text] ?? 'cnr-Latn' },
                              }),
                            ),
                          tx('filed', { topic }),
                        );
                      }}
                    >
                      {tx('fileUnder')}
                    </button>
                  </div>
                </td>
                <td>
                  <button
                    type="button"
                    aria-label={`${tx('dismiss')}: ${r.text}`}
                    onClick={() =>
                      void act(
                        r.text,
                        () =>
                          ok(
                            dialog.POST('/dialog/content/not-understood/dismissals', {
                              body: { question: r.text },
                            }),
                          ),
                        tx('dismissed'),
                      )
                    }
                  >
                    {tx('dismiss')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
