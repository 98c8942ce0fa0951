import { FormEvent, ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { components } from '../api/handoff';
import { getToken, handoff, ok } from '../api/clients';
import { useI18n } from '../i18n';
import { httpUrlOrNull } from './inbox/links';
import { inboxMessages } from './inbox/messages';
import { useMessages } from './messages';
import { useSession } from '../session';
import { useToast } from '../toast';

type SessionRow = components['schemas']['SessionDto'];
type Status = SessionRow['status'];
interface Message {
  kind?: string;
  text?: string;
  mediaUrl?: string;
  fileName?: string;
  location?: { lat: number; lon: number };
}
interface TranscriptEntry {
  type: string;
  data: Record<string, unknown> & { message?: Message };
}
interface Detail {
  session: SessionRow & { outsideOfficeHours?: boolean };
  history: Array<Message & { author: string; at: string }>;
  transcript: TranscriptEntry[];
}
interface SavedReply {
  id: string;
  title: string;
}

const DEPARTMENTS = ['local-self-government', 'local-revenue'];
const LIVE_EVENTS = [
  'HandoffSessionQueued',
  'HandoffSessionAssigned',
  'HandoffMessageFromCitizen',
  'HandoffMessageFromOperator',
  'HandoffNoteAdded',
  'HandoffSessionTransferred',
  'HandoffSessionEnded',
  'HandoffSessionRated',
];

/** A short tone for a new conversation (no sound file to load). */
function chime(): void {
  try {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.4);
  } catch {
    // no audio in this browser
  }
}

function minutesSince(iso: string): number {
  return Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
}

export function InboxScreen() {
  const { t, dateTime } = useI18n();
  const { session: me } = useSession();
  const toast = useToast();
  const [tab, setTab] = useState<Status>('waiting');
  const [lists, setLists] = useState<Record<Status, SessionRow[]>>({ waiting: [], active: [], closed: [] });
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<Detail | null>(null);
  const [live, setLive] = useState(false);
  const [available, setAvailable] = useState(false);
  const m = useMessages(inboxMessages);
  // The tone can be turned off (a shared office); the choice stays with this browser.
  const [sound, setSound] = useState(() => localStorage.getItem('staff.inbox.sound') !== 'off');
  const soundRef = useRef(sound);
  soundRef.current = sound;
  const [saved, setSaved] = useState<SavedReply[]>([]);
  // How many new conversations were announced (tone, toast, notification): the page shows it for tests.
  const [chimes, setChimes] = useState(0);
  const selectedRef = useRef<string | null>(null);
  selectedRef.current = selected;

  const refreshLists = useCallback(async () => {
    const statuses: Status[] = ['waiting', 'active', 'closed'];
    const got = await Promise.all(
      statuses.map((status) =>
        handoff
          .GET('/handoff/sessions', { params: { query: { status } } })
          .then((r) => r.data ?? [])
          .catch(() => [] as SessionRow[]),
      ),
    );
    setLists({ waiting: got[0], active: got[1], closed: got[2] });
  }, []);

  const openSession = useCallback(async (id: string | null) => {
    if (!id) return;
    setSelected(id);
    const r = await handoff.GET('/handoff/sessions/{id}', { params: { path: { id } } });
    if (r.response.ok) setDetail(r.data as unknown as Detail);
  }, []);

  useEffect(() => {
    void refreshLists();
    handoff.GET('/handoff/saved-replies').then((r) => setSaved((r.data as unknown as SavedReply[]) ?? []));
    const timer = setInterval(() => void refreshLists(), 60_000);
    return () => clearInterval(timer);
  }, [refreshLists]);

  // The live feed: every change to a session the operator may see arrives as a server-sent event.
  useEffect(() => {
    const token = getToken();
    if (!token) return;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    let closed = false;
    const listen = (stream: EventSource) => {
      let detailToo = false;
      stream.addEventListener('ready', () => setLive(true));
      stream.onerror = () => setLive(false);
      for (const type of LIVE_EVENTS) {
        stream.addEventListener(type, (ev) => {
          const e = JSON.parse((ev as MessageEvent).data) as { data: Record<string, string> };
          if (type === 'HandoffSessionQueued') {
            const text = t('newConversation', { name: e.data.citizenName || e.data.citizenId });
            toast(text);
            if (soundRef.current) chime();
            setChimes((n) => n + 1);
            if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
              new Notification(t('appName'), { body: text });
            }
          }
          if (e.data.sessionId && e.data.sessionId === selectedRef.current) detailToo = true;
          clearTimeout(pending);
          // Several events arrive together (an answer and its notice): one refresh for all of them.
          pending = setTimeout(() => {
            void refreshLists();
            if (detailToo) void openSession(selectedRef.current);
            detailToo = false;
          }, 80);
        });
      }
    };
    // EventSource cannot send the token: a POST with it first sets the stream's HttpOnly cookie, so
    // no token travels in a URL (where access logs would keep it).
    void fetch('/api/handoff/handoff/stream/session', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    }).then((answer) => {
      if (closed || !answer.ok) return setLive(false);
      source = new EventSource('/api/handoff/handoff/stream');
      listen(source);
    });
    return () => {
      closed = true;
      clearTimeout(pending);
      source?.close();
    };
  }, [openSession, refreshLists, t, toast]);

  const act = async (call: Promise<{ response: Response; error?: unknown }>, done?: string) => {
    try {
      await ok(call as never);
      if (done) toast(done);
    } catch (e) {
      toast((e as Error).message);
    }
    await Promise.all([refreshLists(), openSession(selectedRef.current)]);
  };

  const toggleAvailable = async (value: boolean) => {
    setAvailable(value);
    if (value && 'Notification' in window && Notification.permission === 'default') {
      void Notification.requestPermission();
    }
    await act(handoff.POST('/handoff/operators/me/availability', { body: { available: value } }));
  };

  // Each waiting citizen's place in their department's queue, first come first served.
  const positions = useMemo(() => {
    const byDept = new Map<string, SessionRow[]>();
    for (const s of lists.waiting) byDept.set(s.department, [...(byDept.get(s.department) ?? []), s]);
    const out = new Map<string, number>();
    for (const rows of byDept.values()) {
      rows.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt)).forEach((s, i) => out.set(s.id, i + 1));
    }
    return out;
  }, [lists.waiting]);

  const departments = [...new Set([...DEPARTMENTS, ...(me?.staff.departments ?? [])])];
  const s = detail?.session;
  const mine = s?.status === 'active' && s.operatorId === me?.staff.id;

  return (
    <div className="inbox" data-chimes={chimes}>
      <section className="sessions" aria-labelledby="inbox-title">
        <div className="row spread">
          <h1 id="inbox-title">{t('inbox')}</h1>
          <span className={`live ${live ? 'on' : 'off'}`} role="status">
            {live ? t('live') : t('offline')}
          </span>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={available}
            onChange={(e) => void toggleAvailable(e.target.checked)}
          />
          {t('available')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              localStorage.setItem('staff.inbox.sound', e.target.checked ? 'on' : 'off');
              setSound(e.target.checked);
            }}
          />
          {m('sound')}
        </label>
        <div role="tablist" aria-label={t('inbox')} className="tabs">
          {(['waiting', 'active', 'closed'] as Status[]).map((st) => (
            <button
              key={st}
              type="button"
              role="tab"
              id={`tab-${st}`}
              aria-selected={tab === st}
              aria-controls="session-list"
              tabIndex={tab === st ? 0 : -1}
              onClick={() => setTab(st)}
              onKeyDown={(e) => {
                // Arrow keys move between the tabs, as in every tab list.
                const order: Status[] = ['waiting', 'active', 'closed'];
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                const next = order[(order.indexOf(st) + step + order.length) % order.length];
                setTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }}
            >
              {t(st)} <span className="count">{lists[st].length}</span>
            </button>
          ))}
        </div>
        <div id="session-list" role="tabpanel" aria-labelledby={`tab-${tab}`} className="list">
          <ul className="plain">
            {lists[tab].length === 0 ? <li className="empty">{t('noConversations')}</li> : null}
            {lists[tab].map((row) => (
              <li key={row.id}>
                <button
                  type="button"
                  className={row.id === selected ? 'item selected' : 'item'}
                  data-session-id={row.id}
                  onClick={() => void openSession(row.id)}
                >
                  <span className="name">{row.citizenName || t('citizen')}</span>
                  <span className="meta">
                    {row.department} ·{' '}
                    {row.status === 'waiting'
                      ? `${t('waitingFor', { n: minutesSince(row.queuedAt) })} · ${t('position', { n: positions.get(row.id) ?? 1 })}`
                      : row.status === 'active'
                        ? (row.operatorName ?? '')
                        : `${dateTime(row.endedAt)}${row.rating ? ` · ${'★'.repeat(row.rating)}` : ''}`}
                  </span>
                  <span className="preview">{row.preview ?? ''}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      </section>
      <section className="detail" aria-label={s ? (s.citizenName ?? t('citizen')) : t('chooseConversation')}>
        {!s || !detail ? (
          <p className="muted">{t('chooseConversation')}</p>
        ) : (
          <>
            <div className="row spread">
              <div>
                <h2>{s.citizenName || t('citizen')}</h2>
                <p className="muted">
                  <span className={`badge ${s.status}`}>{t(s.status)}</span> · {s.department} ·{' '}
                  {s.operatorName ? t('takenBy', { name: s.operatorName }) : t('notTaken')}
                </p>
              </div>
              <div className="actions">
                {s.status === 'waiting' ? (
                  <button
                    type="button"
                    className="primary"
                    onClick={() =>
                      void act(
                        handoff.POST('/handoff/sessions/{id}/claim', { params: { path: { id: s.id } } }),
                        t('done'),
                      )
                    }
                  >
                    {t('claim')}
                  </button>
                ) : null}
                {s.status !== 'closed' ? (
                  <SessionTools id={s.id} departments={departments} act={act} />
                ) : null}
              </div>
            </div>
            <Transcript detail={detail} />
            {mine ? <Composer id={s.id} saved={saved} act={act} /> : null}
          </>
        )}
      </section>
    </div>
  );
}

type Act = (call: Promise<{ response: Response; error?: unknown }>, done?: string) => Promise<void>;

function SessionTools({ id, departments, act }: { id: string; departments: string[]; act: Act }) {
  const { t } = useI18n();
  const [dept, setDept] = useState(departments[0]);
  const [resolution, setResolution] = useState('');
  return (
    <div className="tools">
      <label>
        {t('transferTo')}
        <select value={dept} onChange={(e) => setDept(e.target.value)}>
          {departments.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        onClick={() =>
          void act(
            handoff.POST('/handoff/sessions/{id}/transfer', {
              params: { path: { id } },
              body: { department: dept },
            }),
            t('done'),
          )
        }
      >
        {t('transfer')}
      </button>
      <label>
        {t('closeResolution')}
        <input value={resolution} onChange={(e) => setResolution(e.target.value)} />
      </label>
      <button
        type="button"
        onClick={() =>
          void act(
            handoff.POST('/handoff/sessions/{id}/close', {
              params: { path: { id } },
              body: resolution ? { resolution } : {},
            }),
            t('done'),
          )
        }
      >
        {t('close')}
      </button>
    </div>
  );
}

function Composer({ id, saved, act }: { id: string; saved: SavedReply[]; act: Act }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    await act(
      handoff.POST('/handoff/sessions/{id}/messages', {
        params: { path: { id } },
        body: { text: text.trim() },
      }),
    );
    setText('');
  };
  return (
    <div className="composer">
      <form onSubmit={send}>
        <label htmlFor="reply-text">{t('replyText')}</label>
        <textarea
          id="reply-text"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
        />
        <div className="row">
          <button type="submit" className="primary">
            {t('send')}
          </button>
          <label>
            <span className="sr-only">{t('savedReplies')}</span>
            <select
              aria-label={t('savedReplies')}
              value=""
              onChange={(e) =>
                e.target.value &&
                void act(
                  handoff.POST('/handoff/sessions/{id}/messages', {
                    params: { path: { id } },
                    body: { savedReplyId: e.target.value },
                  }),
                )
              }
            >
              <option value="">{t('chooseSavedReply')}</option>
              {saved.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>
      <div className="row">
        <label className="grow">
          {t('note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button
          type="button"
          onClick={() =>
            note.trim() &&
            void act(
              handoff.POST('/handoff/sessions/{id}/notes', {
                params: { path: { id } },
                body: { text: note.trim() },
              }),
            ).then(() => setNote(''))
          }
        >
          {t('addNote')}
        </button>
      </div>
    </div>
  );
}

function Body({ m }: { m: Message }) {
  const parts: ReactNode[] = [];
  const media = httpUrlOrNull(m.mediaUrl);
  if (media && m.kind === 'picture') parts.push(<img key="img" src={media} alt={m.fileName ?? 'photo'} />);
  else if (media)
    parts.push(
      <a key="file" href={media} target="_blank" rel="noopener noreferrer">
        {m.fileName ?? media}
      </a>,
    );
  // A link the citizen's channel gave that is not http(s) is shown as text, never followed.
  else if (m.mediaUrl) parts.push(<span key="file">{m.fileName ?? '[file]'} </span>);
  if (m.location) parts.push(<span key="loc">📍 {`${m.location.lat}, ${m.location.lon}`} </span>);
  if (m.text) parts.push(<span key="text">{m.text}</span>);
  if (!parts.length) parts.push(<span key="kind">[{m.kind}]</span>);
  return <>{parts}</>;
}

function Transcript({ detail }: { detail: Detail }) {
  const { t, dateTime } = useI18n();
  const m = useMessages(inboxMessages);
  const end = useRef<HTMLDivElement>(null);
  // Newer browsers return a promise from scrollIntoView: the effect must not return it.
  useEffect(() => {
    void end.current?.scrollIntoView?.({ block: 'end' });
  }, [detail]);
  return (
    <div className="transcript" aria-label={t('withOperator')} tabIndex={0}>
      {detail.history.length ? <div className="divider">{t('earlierWithBot')}</div> : null}
      {detail.history.map((h, i) => (
        <div key={`h${i}`} className={`msg ${h.author === 'bot' ? 'bot' : 'citizen'}`}>
          <Body m={h} />
          <span className="at">
            {h.author === 'bot' ? 'bot · ' : ''}
            {dateTime(h.at)}
          </span>
        </div>
      ))}
      <div className="divider">{t('withOperator')}</div>
      {detail.transcript.map((e, i) => {
        const x = e.data as Record<string, string> & { message?: Message; rating?: number };
        switch (e.type) {
          case 'HandoffSessionQueued':
            return (
              <div key={i}>
                <div className="sys">
                  {t('askedForOperator')} · {dateTime(x.queuedAt)}
                  {x.outsideOfficeHours ? ` · ${m('outsideHours')}` : ''}
                </div>
                {x.text && !x.text.startsWith('op:') ? <div className="msg citizen">{x.text}</div> : null}
              </div>
            );
          case 'HandoffSessionAssigned':
            return (
              <div key={i} className="sys">
                {t('takenBy', { name: x.operatorName })} · {dateTime(x.assignedAt)}
              </div>
            );
          case 'HandoffMessageFromCitizen':
            return (
              <div key={i} className="msg citizen">
                <Body m={x.message ?? {}} />
                <span className="at">{dateTime(x.receivedAt)}</span>
              </div>
            );
          case 'HandoffMessageFromOperator':
            return (
              <div key={i} className="msg operator">
                {x.text}
                <span className="at">
                  {x.operatorName} · {dateTime(x.sentAt)}
                </span>
              </div>
            );
          case 'HandoffNoteAdded':
            return (
              <div key={i} className="msg note">
                📝 {x.text}
                <span className="at">
                  {x.operatorName} · {dateTime(x.at)}
                </span>
              </div>
            );
          case 'HandoffSessionTransferred':
            return (
              <div key={i} className="sys">
                {t('transferred', { from: x.fromDepartment, to: x.toDepartment })} · {dateTime(x.at)}
              </div>
            );
          case 'HandoffSessionEnded':
            return (
              <div key={i} className="sys">
                {t('ended', { by: x.endedBy })}
                {x.resolution ? `: ${x.resolution}` : ''} · {dateTime(x.endedAt)}
              </div>
            );
          case 'HandoffSessionRated':
            return (
              <div key={i} className="sys">
                {t('rating')}: {'★'.repeat(Number(x.rating))}
              </div>
            );
          default:
            return null;
        }
      })}
      <div ref={end} />
    </div>
  );
}
