import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { components } from '../api/dialog';
import { dialog, ok } from '../api/clients';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useToast } from '../toast';
import './content/content.css';
import { useContentText } from './content/content.strings';
import { ContentModel, ContentTopic, Localized, Script } from './content/content-model';
import { DraftChat } from './content/DraftChat';
import { MenuEditor } from './content/MenuEditor';
import { contentTree, TreeNode } from './content/menu-tree';
import { NotUnderstoodInbox } from './content/NotUnderstoodInbox';
import { topicTextChanges } from './content/topic-changes';
import { VersionPreview } from './content/VersionPreview';

type TopicBody = components['schemas']['TopicRequestDto'];
type Change = components['schemas']['ContentChangeDto'];
interface Draft {
  exists: boolean;
  baseVersion: number;
  content: ContentModel;
  updatedBy: string | null;
  updatedAt: string | null;
}
interface Version {
  version: number;
  publishedBy?: string;
  publishedAt?: string;
  note?: string;
}

/** What PUT /dialog/content/draft/topics/{id} takes from a topic: Cyrillic only where it is not generated. */
function bodyOf(topic: ContentTopic, cyrillic: { title?: string; answer?: string } = {}): TopicBody {
  const text = (t: Localized, cyrl?: string) => ({
    'cnr-Latn': t['cnr-Latn'],
    en: t.en,
    ...(cyrl !== undefined ? { 'cnr-Cyrl': cyrl } : {}),
  });
  return {
    department: topic.department,
    // The content's kinds are the API's enum; the screen reads them as plain strings.
    kind: topic.kind as TopicBody['kind'],
    title: text(topic.title, cyrillic.title),
    answer: text(topic.answer, cyrillic.answer),
    examples: { 'cnr-Latn': topic.examples['cnr-Latn'], en: topic.examples.en },
    followUps: topic.followUps,
    sources: topic.sources,
  };
}

export function ContentScreen() {
  const { t, dateTime } = useI18n();
  const tx = useContentText();
  const toast = useToast();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [published, setPublished] = useState<ContentModel | null>(null);
  const [diff, setDiff] = useState<Change[]>([]);
  const [versions, setVersions] = useState<Version[]>([]);
  const [topicId, setTopicId] = useState<string>('');
  const [note, setNote] = useState('');
  const [previewing, setPreviewing] = useState<number | null>(null);
  const [editingMenu, setEditingMenu] = useState(false);
  // The menu is an admin's (PUT /dialog/content/draft/menu); editors see it and edit its topics.
  const isAdmin = useSession().has('admin');

  const load = useCallback(async () => {
    const [d, p, df, v] = await Promise.all([
      dialog.GET('/dialog/content/draft'),
      dialog.GET('/dialog/content'),
      dialog.GET('/dialog/content/draft/diff'),
      dialog.GET('/dialog/content/versions'),
    ]);
    const got = d.data as unknown as Draft;
    setDraft(got);
    setPublished(((p.data as unknown as { content?: ContentModel }) ?? {}).content ?? null);
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
  const tree = contentTree(draft.content.menu, topics);
  const draftStamp = `${draft.baseVersion}:${draft.updatedAt ?? ''}`;

  return (
    <div className="content-editor">
      <h1>{t('content')}</h1>
      <div className="columns">
        <nav aria-label={tx('tree')} className="topic-list content-tree">
          <h2>{tx('tree')}</h2>
          <TreeLevel nodes={tree.menu} label={tx('mainMenu')} selected={topicId} select={setTopicId} />
          {isAdmin ? (
            <button type="button" aria-expanded={editingMenu} onClick={() => setEditingMenu(!editingMenu)}>
              {tx('editMenu')}
            </button>
          ) : null}
          <h3>{tx('unlisted')}</h3>
          <ul>
            {tree.unlisted.map((x) => (
              <li key={x.id}>
                <TopicButton topic={x} selected={topicId} select={setTopicId} />
              </li>
            ))}
          </ul>
        </nav>
        <div className="grow">
          {isAdmin && editingMenu ? (
            <MenuEditor
              key={draftStamp}
              menu={draft.content.menu}
              saved={() => {
                toast(t('draftSaved'));
                void load();
              }}
            />
          ) : null}
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
          <DraftChat draftStamp={draftStamp} />
        </div>
        <aside className="side">
          <section aria-labelledby="draft-title">
            <h2 id="draft-title">{t('draft')}</h2>
            <p className="muted">
              {draft.exists
                ? t('draftBased', {
                    v: draft.baseVersion,
                    by: draft.updatedBy ?? '',
                  })
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
                    {c.area === 'topic' && published ? (
                      <TopicDiff
                        before={published.topics.find((x) => x.id === c.id)}
                        after={topics.find((x) => x.id === c.id)}
                      />
                    ) : null}
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
                    // The rollback is confirmed in the preview, once the editor has seen what it changes.
                    <button
                      type="button"
                      aria-label={`${t('rollback')} v${v.version}`}
                      aria-haspopup="dialog"
                      onClick={() => setPreviewing(v.version)}
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
      <NotUnderstoodInbox topics={topics} changed={() => void load()} />
      {previewing !== null ? (
        <VersionPreview
          key={previewing}
          version={previewing}
          published={published}
          draft={draft.exists ? draft.content : null}
          close={() => setPreviewing(null)}
          confirm={() => {
            setPreviewing(null);
            void run(dialog.POST('/dialog/content/rollback', { body: { version: previewing } }), t('done'));
          }}
        />
      ) : null}
    </div>
  );
}

function TopicButton({
  topic,
  label,
  selected,
  select,
}: {
  topic: Pick<ContentTopic, 'id' | 'title'>;
  label?: Localized;
  selected: string;
  select(id: string): void;
}) {
  const { lang } = useI18n();
  const script: Script = lang === 'en' ? 'en' : 'cnr-Latn';
  return (
    <button
      type="button"
      className={topic.id === selected ? 'item selected' : 'item'}
      aria-current={topic.id === selected ? 'true' : undefined}
      onClick={() => select(topic.id)}
    >
      {(label ?? topic.title)[script] || topic.id} <span className="muted">({topic.id})</span>
    </button>
  );
}

/** One level of the menu: sub-menus open and close, topics select the form. */
function TreeLevel({
  nodes,
  label,
  selected,
  select,
}: {
  nodes: TreeNode[];
  label: string;
  selected: string;
  select(id: string): void;
}) {
  const { lang } = useI18n();
  const tx = useContentText();
  const script: Script = lang === 'en' ? 'en' : 'cnr-Latn';
  return (
    <ul aria-label={label}>
      {nodes.map((n) =>
        n.kind === 'menu' ? (
          <li key={`menu-${n.id}`}>
            <details open>
              <summary>{n.label[script]}</summary>
              <TreeLevel nodes={n.children} label={n.label[script]} selected={selected} select={select} />
            </details>
          </li>
        ) : (
          <li key={`entry-${n.entryId}`}>
            {n.missing ? (
              <span className="muted">
                {n.label[script]} ({n.topicId}: {tx('missingTopic')})
              </span>
            ) : n.first ? (
              <TopicButton
                topic={{ id: n.topicId, title: n.label }}
                label={n.label}
                selected={selected}
                select={select}
              />
            ) : (
              // The same topic opened from a second place: one button per topic keeps the tree unambiguous.
              <span className="muted">
                {n.label[script]} → {n.topicId}
              </span>
            )}
          </li>
        ),
      )}
    </ul>
  );
}

function TopicDiff({ before, after }: { before?: ContentTopic; after?: ContentTopic }) {
  const tx = useContentText();
  const changes = topicTextChanges(before, after);
  if (!changes.length) return null;
  return (
    <details className="topic-diff">
      <summary>{tx('showChanges')}</summary>
      {changes.map((c) => (
        <div key={`${c.field}-${c.script ?? ''}`} className="change">
          <strong>
            {c.field}
            {c.script ? ` (${c.script})` : ''}
          </strong>
          <del>
            <span className="sr-only">{tx('before')}: </span>
            {c.before || '—'}
          </del>
          <ins>
            <span className="sr-only">{tx('after')}: </span>
            {c.after || '—'}
          </ins>
        </div>
      ))}
    </details>
  );
}

function TopicForm({ topic, save }: { topic: ContentTopic; save(body: TopicBody): Promise<void> }) {
  const { t } = useI18n();
  const tx = useContentText();
  const [title, setTitle] = useState<Localized>({ ...topic.title });
  const [answer, setAnswer] = useState<Localized>({ ...topic.answer });
  const [examples, setExamples] = useState({
    'cnr-Latn': topic.examples['cnr-Latn'].join('\n'),
    'cnr-Cyrl': topic.examples['cnr-Cyrl'].join('\n'),
    en: topic.examples.en.join('\n'),
  });
  const [generated, setGenerated] = useState(true);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const lines = (s: string) =>
      s
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const body = bodyOf(
      { ...topic, title, answer },
      generated ? {} : { title: title['cnr-Cyrl'], answer: answer['cnr-Cyrl'] },
    );
    body.examples = generated
      ? { 'cnr-Latn': lines(examples['cnr-Latn']), en: lines(examples.en) }
      : {
          'cnr-Latn': lines(examples['cnr-Latn']),
          'cnr-Cyrl': lines(examples['cnr-Cyrl']),
          en: lines(examples.en),
        };
    void save(body);
  };
  const names: Record<Script, string> = {
    'cnr-Latn': tx('scriptLatn'),
    'cnr-Cyrl': tx('scriptCyrl'),
    en: tx('scriptEn'),
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="topic-title">
      <h2 id="topic-title">
        {t('topic')}: {topic.id}{' '}
        <span className="muted">
          ({topic.kind}, {topic.department})
        </span>
      </h2>
      <label className="inline">
        <input type="checkbox" checked={generated} onChange={(e) => setGenerated(e.target.checked)} />
        {tx('cyrillicFromLatin')}
      </label>
      <div className="langs">
        {(['cnr-Latn', 'cnr-Cyrl', 'en'] as const).map((l) => {
          const readOnly = l === 'cnr-Cyrl' && generated;
          return (
            <fieldset key={l}>
              <legend>{names[l]}</legend>
              <label>
                {t('title')}
                <input
                  value={title[l]}
                  readOnly={readOnly}
                  onChange={(e) => setTitle({ ...title, [l]: e.target.value })}
                />
              </label>
              <label>
                {t('answer')}
                <textarea
                  rows={6}
                  name={`answer-${l}`}
                  value={answer[l]}
                  readOnly={readOnly}
                  onChange={(e) => setAnswer({ ...answer, [l]: e.target.value })}
                />
              </label>
              <label>
                {t('examples')}
                <textarea
                  rows={5}
                  name={`examples-${l}`}
                  value={examples[l]}
                  readOnly={readOnly}
                  onChange={(e) => setExamples({ ...examples, [l]: e.target.value })}
                />
              </label>
            </fieldset>
          );
        })}
      </div>
      <button type="submit" className="primary">
        {t('saveDraft')}
      </button>
    </form>
  );
}
