import { CampaignHistory, FieldChange } from './api';
import { useCampaignText } from './strings';

/** A changed field's value: text word by word (what went struck, what came marked), other values whole. */
function ChangedValue({ change }: { change: FieldChange }) {
  const { t } = useCampaignText();
  if (change.words)
    return (
      <span className="value">
        {change.words.map((w, i) =>
          w.op === 'removed' ? (
            <del key={i} title={t('removed')}>
              {w.text}
            </del>
          ) : w.op === 'added' ? (
            <ins key={i} title={t('added')}>
              {w.text}
            </ins>
          ) : (
            <span key={i}>{w.text}</span>
          ),
        )}
      </span>
    );
  return (
    <span className="value">
      {change.before !== null ? <del title={t('removed')}>{change.before}</del> : null}
      {change.before !== null && change.after !== null ? ' → ' : null}
      {change.after !== null ? <ins title={t('added')}>{change.after}</ins> : null}
    </span>
  );
}

/**
 * What changed since the version last submitted or approved: what the approver has not seen yet. A send
 * time is shown on Budva's clocks.
 */
export function Changes({ history, nameOf }: { history: CampaignHistory; nameOf(id: string): string }) {
  const { t, dateTime } = useCampaignText();
  const { since, changes } = history.sinceReview;
  const shown = changes.map((c) =>
    c.field === 'sendAt'
      ? {
          ...c,
          before: c.before && dateTime(c.before),
          after: c.after && dateTime(c.after),
          words: undefined,
        }
      : c,
  );
  return (
    <section className="changes" aria-labelledby="changes-title">
      <h4 id="changes-title">
        {since
          ? t('changesSince', { kind: t(since.kind), by: nameOf(since.by), at: dateTime(since.at) })
          : t('firstReview')}
      </h4>
      {shown.length === 0 ? (
        <p>{t('noChangesSince')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">
                <del>{t('before')}</del> / <ins>{t('after')}</ins>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.field} data-field={c.field}>
                <th scope="row">{c.field}</th>
                <td>
                  <ChangedValue change={c} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Who did what, oldest first. */
export function History({ history, nameOf }: { history: CampaignHistory; nameOf(id: string): string }) {
  const { t, label, dateTime } = useCampaignText();
  return (
    <section aria-labelledby="history-title">
      <h4 id="history-title">{t('history')}</h4>
      <ol className="campaign-history">
        {history.history.map((h) => (
          <li key={h.version}>
            {dateTime(h.at)} · {label('event_', h.type)}
            {h.by ? ` · ${nameOf(h.by)}` : ''}
            {h.fields?.length ? ` (${h.fields.join(', ')})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
