import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { components } from '../api/dialog';
import { analytics, dialog, ok } from '../api/clients';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useToast } from '../toast';

type TopicBody = components['schemas']['TopicRequestDto'];
type Change = components['schemas']['ContentChangeDto'];
interface Topic extends TopicBody {
  id: string;
}
interface Draft {
  exists: boolean;
  baseVersion: number;
  content: { topics: Topic[] };
  updatedBy: string | null;
  updatedAt: string | null;
}
interface Version {
  version: number;
  publishedBy?: string;
  publishedAt?: string;
  note?: string;
}

const LANGS = ['cnr-Latn', 'en'] as const;
type EditLang = (typeof LANGS)[number];

/** What PUT /dialog/content/draft/topics/{id} takes from a topic (Cyrillic is generated from Latin). */
function bodyOf(topic: Topic): TopicBody {
  return {
    department: topic.department,
    kind: topic.kind,
    title: { 'cnr-Latn': topic.title['cnr-Latn'], en: topic.title.en },
    answer: { 'cnr-Latn': topic.answer['cnr-Latn'], en: topic.answer.en },
    examples: { 'cnr-Latn': topic.examples['cnr-Latn'], en: topic.examples.en },
    followUps: topic.followUps,
    sources: topic.sources,
  };
}

export function ContentScreen() {
  const { t, dateTime, lang } = useI18n();
  const { has } = useSession();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [diff, setDiff] = useState<Change[]>([]);
  const [versions, setVersions] = useState<Version[]>([]);
  const [topicId, setTopicId] = useState<string>('');
  const [note, setNote] = useState('');

  const load = useCallback(async () => {
    const [d, df, v] = await Promise.all([
      dialog.GET('/dialog/content/draft'),
      dialog.GET('/dialog/content/draft/diff'),
      dialog.GET('/dialog/content/versions'),
    ]);
    const got = d.data as unknown as Draft;
    setDraft(got);
    setDiff((df.data as unknown as Change[]) ?? []);
    setVersions((v.data as unknown as Version[]) ?? []);
    setTopicId((cur) => cur || got?.content.topics[0]?.id || '');
  }, []);
  useEffect(() => void load(), [load]);

  const run = async (call: Promise<{ response: Response; error?: unknown }>, done: string) => {
    try {
      await ok(call as never);
      toast(done);
    } catch (e) {
      toast((e as Error).message);
    }
    await load();
  };

  if (!draft) return <p>{t('loading')}</p>;
  const topics = draft.content.topics;
  const topic = topics.find((x) => x.id === topicId);
  const label = (x: Topic) => x.title[lang === 'en' ? 'en' : 'cnr-Latn'] || x.id;

  return (
    <div className="content-editor">
      <h1>{t('content')}</h1>
      <div className="columns">
        <nav aria-label={t('topics')} className="topic-list">
          <h2>{t('topics')}</h2>
          <ul>
            {topics.map((x) => (
              <li key={x.id}>
                <button
                  type="button"
                  className={x.id === topicId ? 'item selected' : 'item'}
                  aria-current={x.id === topicId ? 'true' : undefined}
                  onClick={() => setTopicId(x.id)}
                >
                  {label(x)} <span className="muted">({x.id})</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="grow">
          {topic ? (
            <TopicForm
              key={`${topic.id}-${draft.updatedAt ?? ''}`}
              topic={topic}
              save={(body) =>
                run(
                  dialog.PUT('/dialog/content/draft/topics/{id}', {
                    params: { path: { id: topic.id } },
                    body,
                  }),
                  t('draftSaved'),
                )
              }
            />
          ) : null}
          <TryPhrase />
        </div>
        <aside className="side">
          <section aria-labelledby="draft-title">
            <h2 id="draft-title">{t('draft')}</h2>
            <p className="muted">
              {draft.exists
                ? t('draftBased', { v: draft.baseVersion, by: draft.updatedBy ?? '' })
                : t('draftNone', { v: draft.baseVersion })}
            </p>
            <h3>{t('diff')}</h3>
            {diff.length === 0 ? (
              <p className="muted">{t('noChanges')}</p>
            ) : (
              <ul className="diff" aria-label={t('diff')}>
                {diff.map((c) => (
                  <li key={`${c.area}-${c.id}`} className={c.change}>
                    {c.change} {c.area} <strong>{c.id}</strong>
                    {c.fields?.length ? `: ${c.fields.join(', ')}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <label>
              {t('publishNote')}
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <div className="row">
              <button
                type="button"
                className="primary"
                disabled={!draft.exists}
                onClick={async () => {
                  await run(
                    dialog.POST('/dialog/content/publish', { body: note ? { note } : {} }),
                    t('done'),
                  );
                  setNote('');
                }}
              >
                {t('publish')}
              </button>
              <button
                type="button"
                disabled={!draft.exists}
                onClick={() => run(dialog.POST('/dialog/content/draft/discard'), t('done'))}
              >
                {t('discard')}
              </button>
            </div>
          </section>
          <section aria-labelledby="versions-title">
            <h2 id="versions-title">{t('versions')}</h2>
            <ul className="versions">
              {versions.map((v, i) => (
                <li key={v.version}>
                  <span>
                    v{v.version} · {dateTime(v.publishedAt)} {v.publishedBy ? `· ${v.publishedBy}` : ''}
                    {v.note ? ` · ${v.note}` : ''}
                  </span>
                  {i > 0 ? (
                    <button
                      type="button"
                      aria-label={`${t('rollback')} v${v.version}`}
                      onClick={() =>
                        run(
                          dialog.POST('/dialog/content/rollback', { body: { version: v.version } }),
                          t('done'),
                        )
                      }
                    >
                      {t('rollback')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        </aside>
      </div>
      {has('official') ? (
        <NotUnderstood
          topics={topics}
          add={(topic, text) => {
            const body = bodyOf(topic);
            body.examples = { ...body.examples, 'cnr-Latn': [...body.examples['cnr-Latn'], text] };
            return run(
              dialog.PUT('/dialog/content/draft/topics/{id}', { params: { path: { id: topic.id } }, body }),
              t('added'),
            );
          }}
        />
      ) : null}
    </div>
  );
}

function TopicForm({ topic, save }: { topic: Topic; save(body: TopicBody): Promise<void> }) {
  const { t } = useI18n();
  const [title, setTitle] = useState({ 'cnr-Latn': topic.title['cnr-Latn'], en: topic.title.en });
  const [answer, setAnswer] = useState({ 'cnr-Latn': topic.answer['cnr-Latn'], en: topic.answer.en });
  const [examples, setExamples] = useState({
    'cnr-Latn': topic.examples['cnr-Latn'].join('\n'),
    en: topic.examples.en.join('\n'),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lines = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    void save({
      ...bodyOf(topic),
      title,
      answer,
      examples: { 'cnr-Latn': lines(examples['cnr-Latn']), en: lines(examples.en) },
    });
  };
  const names: Record<EditLang, string> = { 'cnr-Latn': 'Crnogorski (latinica)', en: 'English' };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="topic-title">
      <h2 id="topic-title">
        {t('topic')}: {topic.id}{' '}
        <span className="muted">
          ({topic.kind}, {topic.department})
        </span>
      </h2>
      <div className="langs">
        {LANGS.map((l) => (
          <fieldset key={l}>
            <legend>{names[l]}</legend>
            <label>
              {t('title')}
              <input value={title[l]} onChange={(e) => setTitle({ ...title, [l]: e.target.value })} />
            </label>
            <label>
              {t('answer')}
              <textarea
                rows={6}
                name={`answer-${l}`}
                value={answer[l]}
                onChange={(e) => setAnswer({ ...answer, [l]: e.target.value })}
              />
            </label>
            <label>
              {t('examples')}
              <textarea
                rows={5}
                value={examples[l]}
                onChange={(e) => setExamples({ ...examples, [l]: e.target.value })}
              />
            </label>
          </fieldset>
        ))}
      </div>
      <button type="submit" className="primary">
        {t('saveDraft')}
      </button>
    </form>
  );
}

function TryPhrase() {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [result, setResult] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await dialog.POST('/dialog/understand', { body: { text } });
    const got = r.data as unknown as
      { topic?: string | null; score?: number; contentVersion?: number } | undefined;
    setResult(
      got?.topic
        ? t('understands', { topic: got.topic, score: (got.score ?? 0).toFixed(2) })
        : `${t('notUnderstood')}`,
    );
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="try-title">
      <h2 id="try-title">{t('tryIt')}</h2>
      <div className="row">
        <label className="grow">
          <span className="sr-only">{t('tryIt')}</span>
          <input aria-label={t('tryIt')} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit">{t('tryIt')}</button>
      </div>
      <p role="status">{result}</p>
    </form>
  );
}

function NotUnderstood({ topics, add }: { topics: Topic[]; add(topic: Topic, text: string): Promise<void> }) {
  const { t, number } = useI18n();
  const [rows, setRows] = useState<Array<{ text: string; count: number }>>([]);
  const [target, setTarget] = useState<Record<string, string>>({});
  useEffect(() => {
    analytics
      .GET('/analytics/not-understood', { params: { query: { limit: '50' } as never } })
      .then((r) => setRows(((r.data as unknown as { rows?: typeof rows }) ?? {}).rows ?? []));
  }, []);
  return (
    <section className="card" aria-labelledby="nu-title">
      <h2 id="nu-title">{t('notUnderstoodInbox')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('text')}</th>
            <th scope="col">{t('count')}</th>
            <th scope="col">{t('addToExamples')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.text}>
              <td>{r.text}</td>
              <td>{number(r.count)}</td>
              <td className="row">
                <select
                  aria-label={`${t('addToExamples')}: ${r.text}`}
                  value={target[r.text] ?? ''}
                  onChange={(e) => setTarget({ ...target, [r.text]: e.target.value })}
                >
                  <option value="">—</option>
                  {topics.map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.id}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  disabled={!target[r.text]}
                  onClick={() => {
                    const topic = topics.find((x) => x.id === target[r.text]);
                    if (topic) void add(topic, r.text);
                  }}
                >
                  +
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
