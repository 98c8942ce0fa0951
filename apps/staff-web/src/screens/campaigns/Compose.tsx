import { FormEvent, useEffect, useState } from 'react';
import { useSession } from '../../session';
import { useToast } from '../../toast';
import {
  Audience,
  Campaign,
  CampaignContent,
  campaignsApi,
  CampaignDraft,
  CATEGORIES,
  NOTICE_LANGS,
  NoticeLang,
} from './api';
import { wallTimeOf } from './schedule';
import { useCampaignText } from './strings';
import { ViberPreview } from './ViberPreview';

/** Viber's limits: 7000 characters of text, 768 under a picture. */
const MAX_TEXT = 7000;
const MAX_CAPTION = 768;

const emptyTexts = (): Record<NoticeLang, string> => ({ 'cnr-Latn': '', 'cnr-Cyrl': '', en: '' });

/** Only the languages with text: the service requires Montenegrin (Latin) and falls back to it. */
function contentOf(
  texts: Record<NoticeLang, string>,
  pictureUrl: string,
  linkUrl: string,
  linkLabel: Record<NoticeLang, string>,
): CampaignContent {
  const filled = (r: Record<NoticeLang, string>) =>
    Object.fromEntries(Object.entries(r).filter(([, v]) => v.trim())) as Partial<Record<NoticeLang, string>>;
  return {
    texts: filled(texts),
    ...(pictureUrl.trim() ? { pictureUrl: pictureUrl.trim() } : {}),
    ...(linkUrl.trim() ? { link: { url: linkUrl.trim(), label: filled(linkLabel) } } : {}),
  };
}

/**
 * Writes a campaign: title, department, text per language with a live Viber preview, picture and
 * button, audience by subject and language with a live count, and a send time on Budva's clocks.
 * Without `editing` it creates a draft; with it, it saves the changes (a submitted or approved
 * campaign then becomes a draft again, as the service rules).
 */
export function Compose({ editing, onSaved }: { editing?: Campaign; onSaved(c: Campaign): void }) {
  const { t, number } = useCampaignText();
  const { session } = useSession();
  const toast = useToast();
  const departments = session?.staff.departments ?? [];
  const [title, setTitle] = useState(editing?.title ?? '');
  const [department, setDepartment] = useState(editing?.department ?? departments[0] ?? '');
  const [texts, setTexts] = useState<Record<NoticeLang, string>>({
    ...emptyTexts(),
    ...(editing?.content.texts ?? {}),
  });
  const [pictureUrl, setPictureUrl] = useState(editing?.content.pictureUrl ?? '');
  const [linkUrl, setLinkUrl] = useState(editing?.content.link?.url ?? '');
  const [linkLabel, setLinkLabel] = useState<Record<NoticeLang, string>>({
    ...emptyTexts(),
    ...(editing?.content.link?.label ?? {}),
  });
  const [previewLang, setPreviewLang] = useState<NoticeLang>('cnr-Latn');
  const [audience, setAudience] = useState<Audience>(editing?.audience ?? { categories: [], languages: [] });
  const initialLocal = wallTimeOf(editing?.requestedSendAt);
  const [sendAtLocal, setSendAtLocal] = useState(initialLocal);
  const [count, setCount] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  // The audience's size, live, as the picker changes; and again every few seconds, as citizens come and go.
  useEffect(() => {
    let alive = true;
    const refresh = () =>
      campaignsApi
        .audienceSize(audience)
        .then((r) => alive && setCount(r.total))
        .catch(() => alive && setCount(null));
    void refresh();
    const timer = setInterval(() => void refresh(), 5000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [audience]);

  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));
  const content = contentOf(texts, pictureUrl, linkUrl, linkLabel);
  const max = pictureUrl.trim() ? MAX_CAPTION : MAX_TEXT;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const draft: CampaignDraft = { title, department, content, audience, sendAtLocal };
    setBusy(true);
    try {
      const saved = editing
        ? await campaignsApi.update(editing, draft, initialLocal)
        : await campaignsApi.create(draft);
      toast(t('done'));
      onSaved(saved);
    } catch (err) {
      toast((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="columns">
      <form className="card grow" onSubmit={save} aria-labelledby="compose-title">
        <h2 id="compose-title">{editing ? `${t('edit')}: ${editing.title}` : t('compose')}</h2>
        {editing && editing.status !== 'draft' ? <p className="muted">{t('backToDraft')}</p> : null}
        <div className="row wrap">
          <label className="grow wide">
            {t('title')}
            <input required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <label>
            {t('department')}
            {departments.length > 0 && !editing ? (
              <select value={department} onChange={(e) => setDepartment(e.target.value)}>
                {departments.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            ) : (
              <input
                required
                value={department}
                readOnly={!!editing}
                onChange={(e) => setDepartment(e.target.value)}
              />
            )}
          </label>
        </div>
        <div className="texts">
          {NOTICE_LANGS.map((l) => {
            const n = texts[l].length;
            return (
              <label key={l}>
                {t('messageIn', { lang: l })}
                <textarea
                  rows={6}
                  required={l === 'cnr-Latn'}
                  value={texts[l]}
                  aria-describedby={`count-${l}`}
                  onFocus={() => setPreviewLang(l)}
                  onChange={(e) => setTexts({ ...texts, [l]: e.target.value })}
                />
                <span id={`count-${l}`} className={`counter${n > max ? ' over' : ''}`}>
                  {t('characters', { n: number(n), max: number(max) })}
                  {l !== 'cnr-Latn' ? ` · ${t('optional')}` : ''}
                </span>
              </label>
            );
          })}
        </div>
        <div className="row wrap">
          <label className="grow wide">
            {t('pictureUrl')}
            <input type="url" value={pictureUrl} onChange={(e) => setPictureUrl(e.target.value)} />
          </label>
          <label className="grow wide">
            {t('linkUrl')}
            <input type="url" value={linkUrl} onChange={(e) => setLinkUrl(e.target.value)} />
          </label>
          {linkUrl.trim() ? (
            <label>
              {t('linkLabel')} (cnr-Latn)
              <input
                required
                value={linkLabel['cnr-Latn']}
                onChange={(e) => setLinkLabel({ ...linkLabel, 'cnr-Latn': e.target.value })}
              />
            </label>
          ) : null}
        </div>
        <fieldset>
          <legend>
            {t('audience')}:{' '}
            <output aria-live="polite">{count === null ? '…' : t('recipients', { n: number(count) })}</output>
            {audience.categories.length === 0 && audience.languages.length === 0 ? ` (${t('everyone')})` : ''}
          </legend>
          <div className="row wrap">
            <span>{t('categories')}:</span>
            {CATEGORIES.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={audience.categories.includes(c)}
                  onChange={(e) =>
                    setAudience({ ...audience, categories: toggle(audience.categories, c, e.target.checked) })
                  }
                />
                {c}
              </label>
            ))}
          </div>
          <div className="row wrap">
            <span>{t('languages')}:</span>
            {NOTICE_LANGS.map((l) => (
              <label key={l} className="check">
                <input
                  type="checkbox"
                  checked={audience.languages.includes(l)}
                  onChange={(e) =>
                    setAudience({ ...audience, languages: toggle(audience.languages, l, e.target.checked) })
                  }
                />
                {l}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="row wrap">
          <label>
            {t('schedule')}
            <input
              type="datetime-local"
              value={sendAtLocal}
              aria-describedby="schedule-hint"
              onChange={(e) => setSendAtLocal(e.target.value)}
            />
          </label>
          <span id="schedule-hint" className="muted">
            {t('scheduleHint')}
          </span>
        </div>
        <p>
          <button type="submit" className="primary" disabled={busy}>
            {editing ? t('saveChanges') : t('createDraft')}
          </button>
        </p>
      </form>
      <aside className="side" aria-labelledby="preview-title">
        <h2 id="preview-title">{t('preview')}</h2>
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
        <ViberPreview content={content} lang={previewLang} label={t('preview')} />
      </aside>
    </div>
  );
}
