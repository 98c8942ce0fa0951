import { useEffect, useRef, useState } from 'react';
import { dialog, ok } from '../../api/clients';
import { useI18n } from '../../i18n';
import { useContentText } from './content.strings';
import { ContentModel, Script } from './content-model';
import { compareVersions } from './version-comparison';

interface PublishedVersion {
  version: number;
  publishedBy?: string;
  publishedAt?: string;
  note?: string;
  content: ContentModel;
}

/**
 * An earlier version, read-only, before the editor rolls back to it: what would change against what is
 * published (what citizens get now) or against the draft, and its topics as they were. Nothing changes
 * until the editor confirms.
 */
export function VersionPreview({
  version,
  published,
  draft,
  confirm,
  close,
}: {
  version: number;
  published: ContentModel | null;
  /** The draft when it differs from what is published. */
  draft: ContentModel | null;
  confirm(): void;
  close(): void;
}) {
  const { t, lang, dateTime } = useI18n();
  const tx = useContentText();
  const ref = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [earlier, setEarlier] = useState<PublishedVersion | null>(null);
  const [failed, setFailed] = useState('');
  const [against, setAgainst] = useState<'published' | 'draft'>('published');
  const script: Script = lang === 'en' ? 'en' : 'cnr-Latn';

  useEffect(() => {
    ref.current?.showModal();
    // Read from the top: the dialog would otherwise focus, and scroll to, its first control.
    heading.current?.focus();
  }, []);
  useEffect(() => {
    ok<PublishedVersion>(
      dialog.GET('/dialog/content/versions/{version}', { params: { path: { version } } }) as never,
    )
      .then(setEarlier)
      .catch((e: Error) => setFailed(e.message));
  }, [version]);

  const now = against === 'draft' && draft ? draft : published;
  const nowName = against === 'draft' && draft ? tx('after') : tx('before');
  const comparison = earlier && now ? compareVersions(earlier.content, now) : null;
  const changeLabel = { back: tx('topicBack'), gone: tx('topicGone', { v: version }), changed: '' };

  return (
    // Esc and the cancel button both close it without rolling back.
    <dialog ref={ref} className="version-preview card" aria-labelledby="preview-title" onClose={close}>
      <h2 id="preview-title" ref={heading} tabIndex={-1}>
        {tx('previewTitle', { v: version })}
      </h2>
      {failed ? <p role="alert">{failed}</p> : null}
      {!earlier || !comparison ? (
        !failed ? (
          <p>{t('loading')}</p>
        ) : null
      ) : (
        <>
          <p className="muted">
            {dateTime(earlier.publishedAt)}
            {earlier.publishedBy ? ` · ${earlier.publishedBy}` : ''}
            {earlier.note ? ` · ${earlier.note}` : ''}
          </p>
          {draft ? (
            <label>
              {tx('compareWith')}
              <select value={against} onChange={(e) => setAgainst(e.target.value as 'published' | 'draft')}>
                <option value="published">{tx('comparePublished', { v: published?.version ?? '' })}</option>
                <option value="draft">{tx('compareDraft')}</option>
              </select>
            </label>
          ) : null}
          <h3>{tx('previewChanges', { what: nowName.toLowerCase() })}</h3>
          {comparison.topics.length === 0 ? (
            <p>{tx('previewSame')}</p>
          ) : (
            <ul className="diff version-changes">
              {comparison.topics.map((c) => (
                <li key={c.id} data-preview-topic={c.id}>
                  <strong>{c.title[script] || c.id}</strong> <span className="muted">({c.id})</span>
                  {changeLabel[c.change] ? ` · ${changeLabel[c.change]}` : ''}
                  <div className="topic-diff">
                    {c.texts.map((x) => (
                      <div key={`${x.field}-${x.script ?? ''}`} className="change">
                        <strong>
                          {x.field}
                          {x.script ? ` (${x.script})` : ''}
                        </strong>
                        <del>
                          <span className="sr-only">{nowName}: </span>
                          {x.before || '—'}
                        </del>
                        <ins>
                          <span className="sr-only">v{version}: </span>
                          {x.after || '—'}
                        </ins>
                      </div>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            {tx('previewUnchanged', { n: comparison.unchanged })}
            {comparison.menuChanged ? ` ${tx('menuDiffers')}` : ''}
          </p>
          <details>
            <summary>{tx('versionTopics', { v: version })}</summary>
            <dl className="version-topics">
              {earlier.content.topics.map((topic) => (
                <div key={topic.id}>
                  <dt>
                    {topic.title[script] || topic.id} <span className="muted">({topic.id})</span>
                  </dt>
                  <dd>{topic.answer[script]}</dd>
                </div>
              ))}
            </dl>
          </details>
        </>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={!earlier} onClick={confirm}>
          {tx('confirmRollback', { v: version })}
        </button>
        <button type="button" onClick={() => ref.current?.close()}>
          {t('cancel')}
        </button>
      </div>
    </dialog>
  );
}
