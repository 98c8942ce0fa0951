import { useCallback, useEffect, useMemo, useState } from 'react';
import type { paths } from '../api/analytics';
import { analytics } from '../api/clients';
import { TIME_ZONE, useI18n } from '../i18n';
import { Cell, toCsv } from './dashboard/csv';
import { useDashboardText } from './dashboard/dashboard.strings';
import { downloadApiCsv, saveFile } from './dashboard/download';
import { Period, periodQuery } from './dashboard/period';
import { compareTopics, TopicComparison } from './dashboard/topic-comparison';

type Path = keyof paths & `/analytics/${string}`;
type Row = Record<string, Cell>;
interface Table {
  rows: Row[];
  [k: string]: unknown;
}

async function get<T = Table>(path: Path, query: Record<string, string>, params?: object): Promise<T> {
  // Every figures route takes the same range query; the generated types list them per route.
  const r = await analytics.GET(path, { params: { query: query as never, ...params } } as never);
  if (!r.response.ok) throw new Error(`${path}: ${r.response.status}`);
  return r.data as T;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A cell as the official reads it: numbers and instants in the municipality's conventions and time zone. */
function useCellText() {
  const { number, dateTime } = useI18n();
  return (value: Cell) =>
    typeof value === 'number'
      ? number(value)
      : typeof value === 'string' && ISO_INSTANT.test(value)
        ? dateTime(value)
        : String(value ?? '');
}

export function DashboardScreen() {
  const { t, number } = useI18n();
  const tx = useDashboardText();
  const [period, setPeriod] = useState<Period>('7d');
  const [department, setDepartment] = useState('');
  const [now, setNow] = useState(() => new Date());
  const [data, setData] = useState<Record<string, Table> | null>(null);
  const [error, setError] = useState('');
  const [drill, setDrill] = useState<string | null>(null);

  const range = useMemo(() => periodQuery(period, now), [period, now]);
  const previousRange = useMemo(() => periodQuery(period, now, 1), [period, now]);
  const scoped = useMemo(() => ({ ...range, ...(department ? { department } : {}) }), [range, department]);

  const load = useCallback(async () => {
    setError('');
    try {
      const [
        topics,
        previousTopics,
        share,
        previousShare,
        handoff,
        campaigns,
        notUnderstood,
        subscribers,
        reports,
      ] = await Promise.all([
        get('/analytics/topics', range),
        get('/analytics/topics', previousRange),
        get('/analytics/answered-share', range),
        get('/analytics/answered-share', previousRange),
        get('/analytics/handoff', scoped),
        get('/analytics/campaigns', scoped),
        get('/analytics/not-understood', { ...range, limit: '15' }),
        get('/analytics/subscribers', range),
        get('/analytics/reports', scoped),
      ]);
      setData({
        topics,
        previousTopics,
        share,
        previousShare,
        handoff,
        campaigns,
        notUnderstood,
        subscribers,
        reports,
      });
    } catch (e) {
      setError((e as Error).message);
    }
  }, [range, previousRange, scoped]);
  useEffect(() => void load(), [load]);

  const total = (data?.share.total ?? {}) as Record<string, number>;
  const before = (data?.previousShare.total ?? {}) as Record<string, number>;
  const subscriberRows = (data?.subscribers.rows ?? []) as Array<Record<string, number>>;
  const subscribersBefore = Number(data?.subscribers.subscribersBefore ?? 0);
  const subscribersNow = subscriberRows.length
    ? subscriberRows[subscriberRows.length - 1].subscribers
    : subscribersBefore;
  const delta = (cur?: number, prev?: number) =>
    prev === undefined || cur === undefined ? '' : `${cur - prev >= 0 ? '+' : ''}${number(cur - prev)}`;
  const percent = (v?: number) => `${number(Math.round((v ?? 0) * 100))} %`;
  const comparison = data ? compareTopics(data.topics.rows, data.previousTopics.rows) : [];

  return (
    <div className="dashboard">
      <div className="row spread">
        <h1>{t('dashboard')}</h1>
        <div className="row">
          <label>
            {t('period')}
            <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
              <option value="24h">24 h</option>
              <option value="7d">7 d</option>
              <option value="30d">30 d</option>
              <option value="12w">12 w</option>
            </select>
          </label>
          <label>
            {t('department')}
            <input
              value={department}
              onChange={(e) => setDepartment(e.target.value)}
              placeholder={t('all')}
            />
          </label>
          <button type="button" onClick={() => setNow(new Date())}>
            {t('refresh')}
          </button>
        </div>
      </div>
      <p className="muted">{tx('timeZoneNote', { zone: TIME_ZONE })}</p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {!data ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <div className="kpis">
            <div className="card kpi">
              <h2>{tx('questions')}</h2>
              <p className="v" id="kpi-questions">
                {number(total.questions ?? 0)}
              </p>
              <p className="muted">{tx('vsPrevious', { delta: delta(total.questions, before.questions) })}</p>
            </div>
            <div className="card kpi">
              <h2>{tx('answeredByBot')}</h2>
              <p className="v" id="kpi-answered">
                {percent(total.answeredShare)}
              </p>
              <p className="muted">{tx('previousValue', { value: percent(before.answeredShare) })}</p>
            </div>
            <div className="card kpi">
              <h2>{tx('notUnderstoodShare')}</h2>
              <p className="v" id="kpi-not-understood">
                {percent(total.notUnderstoodShare)}
              </p>
              <p className="muted">{tx('previousValue', { value: percent(before.notUnderstoodShare) })}</p>
            </div>
            <div className="card kpi">
              <h2>{tx('subscribers')}</h2>
              <p className="v" id="kpi-subscribers">
                {number(subscribersNow)}
              </p>
              <p className="muted">{tx('vsPrevious', { delta: delta(subscribersNow, subscribersBefore) })}</p>
            </div>
          </div>
          <TopicComparisonTable rows={comparison} open={drill} drill={setDrill} />
          {drill ? <TopicQuestions topic={drill} range={range} close={() => setDrill(null)} /> : null}
          <FigureTable
            title={tx('byTopicPerBucket')}
            path="/analytics/topics"
            table={data.topics}
            query={range}
          />
          <FigureTable
            title={tx('operators')}
            path="/analytics/handoff"
            table={data.handoff}
            query={scoped}
          />
          <FigureTable
            title={tx('campaigns')}
            path="/analytics/campaigns"
            table={data.campaigns}
            query={scoped}
          />
          <FigureTable
            title={tx('notUnderstoodList')}
            path="/analytics/not-understood"
            table={data.notUnderstood}
            query={{ ...range, limit: '15' }}
          />
          <FigureTable
            title={tx('reports')}
            path="/analytics/reports"
            table={{ rows: (data.reports.statusNow as Row[]) ?? [] }}
            csv={() => toCsv((data.reports.statusNow as Row[]) ?? [])}
            query={scoped}
          />
        </>
      )}
    </div>
  );
}

/** Per topic: this period, the previous one, the change; a topic opens the questions asked about it. */
function TopicComparisonTable({
  rows,
  open,
  drill,
}: {
  rows: TopicComparison[];
  open: string | null;
  drill(topic: string): void;
}) {
  const { t, number } = useI18n();
  const tx = useDashboardText();
  const percent = (v: number | null) => (v === null ? '—' : `${number(Math.round(v * 100))} %`);
  const columns = [
    'topic',
    'questions',
    'previousQuestions',
    'change',
    'answered',
    'handoff',
    'notUnderstood',
    'answeredShare',
    'previousAnsweredShare',
  ];
  return (
    <section className="card" aria-labelledby="fig-topic-comparison">
      <div className="row spread">
        <h2 id="fig-topic-comparison">{tx('byTopic')}</h2>
        <button
          type="button"
          aria-label={`${t('downloadCsv')}: ${tx('byTopic')}`}
          onClick={() => saveFile('topics-compared.csv', toCsv(rows, columns))}
        >
          {t('downloadCsv')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{tx('none')}</p>
      ) : (
        // A wide table scrolls; the keyboard reaches it too.
        <div className="scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{tx('topic')}</th>
                <th scope="col">{tx('questions')}</th>
                <th scope="col">{tx('previous')}</th>
                <th scope="col">{tx('change')}</th>
                <th scope="col">{tx('answeredShare')}</th>
                <th scope="col">{tx('previous')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.topic} className={open === r.topic ? 'selected' : undefined}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      aria-expanded={open === r.topic}
                      aria-label={tx('showQuestions', { topic: r.topic })}
                      onClick={() => drill(r.topic)}
                    >
                      {r.topic}
                    </button>
                  </th>
                  <td>{number(r.questions)}</td>
                  <td>{number(r.previousQuestions)}</td>
                  <td>{`${r.change > 0 ? '+' : ''}${number(r.change)}`}</td>
                  <td>{percent(r.answeredShare)}</td>
                  <td>{percent(r.previousAnsweredShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The drill-down: what citizens asked that the bot took for one topic (GET /analytics/topics/{topic}/questions). */
function TopicQuestions({
  topic,
  range,
  close,
}: {
  topic: string;
  range: Record<string, string>;
  close(): void;
}) {
  const { t, number } = useI18n();
  const tx = useDashboardText();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState('');
  const path = `/analytics/topics/${encodeURIComponent(topic)}/questions`;
  useEffect(() => {
    setRows(null);
    get('/analytics/topics/{topic}/questions' as Path, { ...range, limit: '100' }, { path: { topic } })
      .then((r) => setRows(r.rows))
      .catch((e: Error) => setError(e.message));
  }, [topic, range]);
  const title = tx('drillDown', { topic });
  return (
    <section className="card" aria-labelledby="fig-topic-questions">
      <div className="row spread">
        <h2 id="fig-topic-questions">{title}</h2>
        <div className="row">
          <button
            type="button"
            aria-label={`${t('downloadCsv')}: ${title}`}
            onClick={() =>
              void downloadApiCsv(path, { ...range, limit: '500' }, `questions-${topic}.csv`).catch(
                (e: Error) => setError(e.message),
              )
            }
          >
            {t('downloadCsv')}
          </button>
          <button type="button" onClick={close}>
            {tx('close')}
          </button>
        </div>
      </div>
      {error ? <p className="error">{error}</p> : null}
      {rows === null ? (
        <p>{t('loading')}</p>
      ) : rows.length === 0 ? (
        <p className="muted">{tx('none')}</p>
      ) : (
        <table aria-label={title}>
          <thead>
            <tr>
              <th scope="col">{tx('question')}</th>
              <th scope="col">{tx('questions')}</th>
              <th scope="col">{tx('answered')}</th>
              <th scope="col">{tx('handoff')}</th>
              <th scope="col">{tx('notUnderstood')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={String(r.question)}>
                <td>{String(r.question)}</td>
                <td>{number(Number(r.questions))}</td>
                <td>{number(Number(r.answered))}</td>
                <td>{number(Number(r.handoff))}</td>
                <td>{number(Number(r.notUnderstood))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FigureTable({
  title,
  path,
  table,
  query,
  csv,
}: {
  title: string;
  path: Path;
  table: Table;
  query: Record<string, string>;
  /** A table the screen computes: its CSV from the rows shown, not from the API. */
  csv?: () => string;
}) {
  const { t } = useI18n();
  const tx = useDashboardText();
  const cell = useCellText();
  const rows = table.rows ?? [];
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  // `local` is the bucket in the municipality's wall-clock time; `start` is the same instant in UTC.
  const columns = (keys.includes('local') ? keys.filter((k) => k !== 'start') : keys).slice(0, 10);
  const name = path.split('/').pop()!;
  const id = `fig-${name}`;
  const [error, setError] = useState('');
  return (
    <section className="card" aria-labelledby={id}>
      <div className="row spread">
        <h2 id={id}>{title}</h2>
        <button
          type="button"
          onClick={() =>
            csv
              ? saveFile(`${name}.csv`, csv())
              : void downloadApiCsv(path, query, `${name}.csv`).catch((e: Error) => setError(e.message))
          }
          aria-label={`${t('downloadCsv')}: ${title}`}
        >
          {t('downloadCsv')}
        </button>
      </div>
      {error ? <p className="error">{error}</p> : null}
      {rows.length === 0 ? (
        <p className="muted">{tx('none')}</p>
      ) : (
        <div className="scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 50).map((r, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c}>{cell(r[c])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
