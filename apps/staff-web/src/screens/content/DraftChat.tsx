import { FormEvent, useEffect, useRef, useState } from 'react';
import type { components } from '../../api/dialog';
import { dialog, ok } from '../../api/clients';
import { useContentText } from './content.strings';

type TryResult = components['schemas']['TryResultDto'];
type TryLanguage = 'cnr-Latn' | 'cnr-Cyrl' | 'en';

interface Line {
  from: 'editor' | 'bot';
  text: string;
  /** The buttons under a bot message, as the citizen would see them. */
  buttons?: Array<{ label: string; value: string }>;
  note?: string;
}

/**
 * A chat with the bot as it would be with the draft published: POST /dialog/content/draft/try runs the
 * dialog's own understanding and replies on the draft. Taps on its buttons are sent back as a citizen's
 * would be, with the place in the menu and the language the previous answer left.
 */
export function DraftChat({ draftStamp }: { draftStamp: string }) {
  const tx = useContentText();
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [fromPublished, setFromPublished] = useState(false);
  const where = useRef<{ menuAt: string | null; language?: TryLanguage }>({ menuAt: null });
  const log = useRef<HTMLOListElement>(null);

  // A changed draft is a new conversation: what was answered before may no longer be what the draft says.
  useEffect(() => {
    setLines([]);
    where.current = { menuAt: null };
  }, [draftStamp]);
  useEffect(() => {
    log.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [lines]);

  const send = async (value: string, shown: string) => {
    if (!value.trim() || busy) return;
    setBusy(true);
    setLines((l) => [...l, { from: 'editor', text: shown }]);
    try {
      const reply = (await ok(
        dialog.POST('/dialog/content/draft/try', {
          body: {
            text: value,
            menuAt: where.current.menuAt,
            ...(where.current.language ? { language: where.current.language } : {}),
          },
        }),
      )) as TryResult;
      where.current = { menuAt: reply.menuAt ?? null, language: reply.language as TryLanguage };
      setFromPublished(!reply.fromDraft);
      const note = tx('outcome', { topic: reply.topic ?? '—', outcome: reply.outcome });
      setLines((l) => [
        ...l,
        ...reply.messages.map((m, i) => ({
          from: 'bot' as const,
          text: m.text ?? m.url ?? '',
          buttons: (m.keyboard?.buttons ?? [])
            .filter((b) => b.action === 'reply')
            .map((b) => ({ label: b.label, value: b.value })),
          ...(i === reply.messages.length - 1 ? { note } : {}),
        })),
      ]);
    } catch (e) {
      setLines((l) => [...l, { from: 'bot', text: (e as Error).message }]);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text;
    setText('');
    void send(value, value);
  };

  return (
    <section className="card draft-chat" aria-labelledby="draft-chat-title">
      <div className="row spread">
        <h2 id="draft-chat-title">{tx('chat')}</h2>
        <button
          type="button"
          onClick={() => {
            setLines([]);
            where.current = { menuAt: null };
          }}
        >
          {tx('chatReset')}
        </button>
      </div>
      <p className="muted">{tx('chatHint')}</p>
      {fromPublished ? <p className="muted">{tx('chatFromPublished')}</p> : null}
      <ol className="chat-log" ref={log} aria-live="polite" aria-label={tx('chat')}>
        {lines.map((line, i) => (
          <li key={i} className={`msg ${line.from === 'editor' ? 'citizen' : 'bot'}`}>
            <span className="sr-only">{line.from === 'editor' ? tx('you') : tx('bot')}: </span>
            {line.text}
            {line.buttons?.length ? (
              <span className="chat-buttons">
                {line.buttons.map((b) => (
                  <button
                    key={b.value}
                    type="button"
                    disabled={busy || i !== lines.length - 1}
                    onClick={() => void send(b.value, b.label)}
                  >
                    {b.label}
                  </button>
                ))}
              </span>
            ) : null}
            {line.note ? <span className="at">{line.note}</span> : null}
          </li>
        ))}
      </ol>
      <form className="row" onSubmit={submit}>
        <label className="grow">
          <span className="sr-only">{tx('chatInput')}</span>
          <input aria-label={tx('chatInput')} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {tx('chatSend')}
        </button>
      </form>
    </section>
  );
}
