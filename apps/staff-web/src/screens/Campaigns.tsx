import { FormEvent, useCallback, useEffect, useState } from 'react';
import { broadcast, ok } from '../api/clients';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useToast } from '../toast';

type Lang = 'cnr-Latn' | 'cnr-Cyrl' | 'en';
const LANGS: Lang[] = ['cnr-Latn', 'cnr-Cyrl', 'en'];
const CATEGORIES = ['health', 'taxes', 'utilities', 'culture'];
interface Campaign {
  id: string;
  title: string;
  department: string;
  status: string;
  author: string;
  approvedBy?: string | null;
  content: { texts: Partial<Record<Lang, string>> };
  audience?: { categories?: string[]; languages?: string[] };
  audienceSize?: { total: number } | number;
  stats?: Record<string, unknown> & { failed?: { total: number; byReason: Record<string, number> } };
}

// The service has no list of campaigns yet: the screen remembers the ones this browser created or opened.
const KNOWN = 'staff.campaigns';
const known = (): string[] => JSON.parse(localStorage.getItem(KNOWN) ?? '[]') as string[];
const remember = (id: string) =>
  localStorage.setItem(KNOWN, JSON.stringify([id, ...known().filter((x) => x !== id)].slice(0, 30)));

/** How Viber shows a text message: a bubble from the municipality, with *bold* and _italic_ as Viber renders them. */
function ViberPreview({ text, sender }: { text: string; sender: string }) {
  const parts = text.split(/(\*[^*\n]+\*|_[^_\n]+_)/g);
  return (
    <figure className="viber" aria-label="Viber preview">
      <figcaption>{sender}</figcaption>
      <div className="bubble">
        {parts.map((p, i) =>
          p.startsWith('*') && p.endsWith('*') && p.length > 2 ? (
            <strong key={i}>{p.slice(1, -1)}</strong>
          ) : p.startsWith('_') && p.endsWith('_') && p.length > 2 ? (
            <em key={i}>{p.slice(1, -1)}</em>
          ) : (
            <span key={i}>{p}</span>
          ),
        )}
      </div>
    </figure>
  );
}

export function CampaignsScreen() {
  const { t, number } = useI18n();
  const { session } = useSession();
  const toast = useToast();
  const [title, setTitle] = useState('');
  const [department, setDepartment] = useState(session?.staff.departments[0] ?? '');
  const [texts, setTexts] = useState<Record<Lang, string>>({ 'cnr-Latn': '', 'cnr-Cyrl': '', en: '' });
  const [previewLang, setPreviewLang] = useState<Lang>('cnr-Latn');
  const [categories, setCategories] = useState<string[]>([]);
  const [languages, setLanguages] = useState<Lang[]>([]);
  const [count, setCount] = useState<number | null>(null);
  const [ids, setIds] = useState<string[]>(known);
  const [openId, setOpenId] = useState<string | null>(ids[0] ?? null);

  // The audience's size, live, as the picker changes.
  useEffect(() => {
    const query: Record<string, string> = {};
    if (categories.length) query.categories = categories.join(',');
    if (languages.length) query.languages = languages.join(',');
    const count = () =>
      broadcast
        .GET('/broadcast/audience', { params: { query } })
        .then((r) => setCount(((r.data as unknown as { total?: number }) ?? {}).total ?? null));
    void count();
    // Citizens subscribe and leave all the time: the count follows.
    const timer = setInterval(() => void count(), 5000);
    return () => clearInterval(timer);
  }, [categories, languages]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const content = {
      texts: Object.fromEntries(Object.entries(texts).filter(([, v]) => v.trim())),
    };
    const audience = categories.length || languages.length ? { audience: { categories, languages } } : {};
    try {
      const created = await ok<Campaign>(
        broadcast.POST('/broadcast/campaigns', {
          body: { title, department, content, ...audience } as never,
        }) as never,
      );
      remember(created.id);
      setIds(known());
      setOpenId(created.id);
      toast(t('done'));
    } catch (err) {
      toast((err as Error).message);
    }
  };
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  return (
    <div className="campaigns">
      <h1>{t('campaigns')}</h1>
      <div className="columns">
        <form className="card grow" onSubmit={create} aria-labelledby="new-campaign">
          <h2 id="new-campaign">{t('newCampaign')}</h2>
          <div className="row wrap">
            <label>
              {t('title')}
              <input required value={title} onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label>
              {t('department')}
              <input required value={department} onChange={(e) => setDepartment(e.target.value)} />
            </label>
          </div>
          <div className="row wrap">
            {LANGS.map((l) => (
              <label key={l} className="grow">
                {t('messageIn', { lang: l })}
                <textarea
                  rows={5}
                  required={l === 'cnr-Latn'}
                  value={texts[l]}
                  onFocus={() => setPreviewLang(l)}
                  onChange={(e) => setTexts({ ...texts, [l]: e.target.value })}
                />
              </label>
            ))}
          </div>
          <fieldset className="row wrap">
            <legend>
              {t('audience')}:{' '}
              <output aria-live="polite">
                {count === null ? '…' : t('recipients', { n: number(count) })}
              </output>
            </legend>
            <span>{t('categories')}:</span>
            {CATEGORIES.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={categories.includes(c)}
                  onChange={(e) => setCategories(toggle(categories, c, e.target.checked))}
                />
                {c}
              </label>
            ))}
            <span>{t('languages')}:</span>
            {LANGS.map((l) => (
              <label key={l} className="check">
                <input
                  type="checkbox"
                  checked={languages.includes(l)}
                  onChange={(e) => setLanguages(toggle(languages, l, e.target.checked))}
                />
                {l}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary">
            {t('createDraft')}
          </button>
        </form>
        <aside className="side">
          <h2>{t('preview')}</h2>
          <ViberPreview text={texts[previewLang] || texts['cnr-Latn']} sender="Opština Budva" />
        </aside>
      </div>
      <section className="card" aria-labelledby="known-title">
        <h2 id="known-title">{t('campaign')}</h2>
        <div className="row wrap">
          {ids.map((id) => (
            <button key={id} type="button" aria-pressed={id === openId} onClick={() => setOpenId(id)}>
              {id.slice(0, 8)}
            </button>
          ))}
          <OpenById
            open={(id) => {
              remember(id);
              setIds(known());
              setOpenId(id);
            }}
          />
        </div>
        {openId ? <CampaignPanel key={openId} id={openId} /> : null}
      </section>
    </div>
  );
}

function OpenById({ open }: { open(id: string): void }) {
  const [id, setId] = useState('');
  return (
    <form className="row" onSubmit={(e) => (e.preventDefault(), id.trim() && open(id.trim()))}>
      <label>
        Id
        <input value={id} onChange={(e) => setId(e.target.value)} />
      </label>
      <button type="submit">→</button>
    </form>
  );
}

function CampaignPanel({ id }: { id: string }) {
  const { t, number } = useI18n();
  const { session } = useSession();
  const toast = useToast();
  const [c, setC] = useState<Campaign | null>(null);
  const [viberId, setViberId] = useState('');
  const load = useCallback(async () => {
    const r = await broadcast.GET('/broadcast/campaigns/{id}', { params: { path: { id } } });
    if (r.response.ok) setC(r.data as unknown as Campaign);
  }, [id]);
  useEffect(() => {
    void load();
    // The funnel moves while the campaign is sent.
    const timer = setInterval(() => void load(), 3000);
    return () => clearInterval(timer);
  }, [load]);
  const run = async (call: Promise<unknown>) => {
    try {
      await ok(call as never);
      toast(t('done'));
    } catch (e) {
      toast((e as Error).message);
    }
    await load();
  };
  if (!c) return <p>{t('loading')}</p>;
  const p = { params: { path: { id } } };
  const stats = c.stats ?? {};
  const supervisor = session?.staff.roles.includes('supervisor');
  return (
    <div className="campaign" aria-live="polite">
      <h3>
        {c.title} · <span className="badge">{c.status}</span>
      </h3>
      <p className="muted">
        <span data-campaign-id={c.id}>{c.id}</span> · {c.department} · {c.author}
        {c.approvedBy ? ` · ✓ ${c.approvedBy}` : ''}
      </p>
      <ViberPreview text={c.content.texts['cnr-Latn'] ?? ''} sender="Opština Budva" />
      <div className="row wrap">
        <label>
          Viber id
          <input value={viberId} onChange={(e) => setViberId(e.target.value)} />
        </label>
        <button
          type="button"
          disabled={!viberId}
          onClick={() =>
            void run(broadcast.POST('/broadcast/campaigns/{id}/test', { ...p, body: { viberId } as never }))
          }
        >
          {t('testSend')}
        </button>
        <button type="button" onClick={() => void run(broadcast.POST('/broadcast/campaigns/{id}/submit', p))}>
          {t('submit')}
        </button>
        {supervisor ? (
          <button
            type="button"
            className="primary"
            onClick={() =>
              void run(broadcast.POST('/broadcast/campaigns/{id}/approve', { ...p, body: {} as never }))
            }
          >
            {t('approve')}
          </button>
        ) : null}
        <button type="button" onClick={() => void run(broadcast.POST('/broadcast/campaigns/{id}/pause', p))}>
          {t('pause')}
        </button>
        <button type="button" onClick={() => void run(broadcast.POST('/broadcast/campaigns/{id}/resume', p))}>
          {t('resume')}
        </button>
        <button
          type="button"
          onClick={() =>
            void run(broadcast.POST('/broadcast/campaigns/{id}/cancel', { ...p, body: {} as never }))
          }
        >
          {t('cancel')}
        </button>
      </div>
      <h4>{t('funnel')}</h4>
      <dl className="funnel" aria-label={t('funnel')}>
        {(['targeted', 'sent', 'delivered', 'seen', 'unsubscribedSince'] as const).map((k) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd data-stat={k}>{typeof stats[k] === 'number' ? number(stats[k] as number) : '–'}</dd>
          </div>
        ))}
        <div>
          <dt>{t('failed')}</dt>
          <dd data-stat="failed">
            {stats.failed ? number(stats.failed.total) : '–'}
            {stats.failed && stats.failed.total > 0 ? (
              <small>
                {' '}
                (
                {Object.entries(stats.failed.byReason)
                  .map(([reason, n]) => `${reason}: ${n}`)
                  .join(', ')}
                )
              </small>
            ) : null}
          </dd>
        </div>
      </dl>
    </div>
  );
}
