import { useCallback, useEffect, useState } from 'react';
import type { paths } from '../api/analytics';
import { analytics, getToken } from '../api/clients';
import { useI18n } from '../i18n';

type Path = keyof paths & `/analytics/${string}`;
type Range = '24h' | '7d' | '30d' | '12w';
type Row = Record<string, string | number | null>;
interface Table {
  rows: Row[];
  [k: string]: unknown;
}

const RANGES: Record<Range, { days: number; bucket: 'hour' | 'day' | 'week' }> = {
  '24h': { days: 1, bucket: 'hour' },
  '7d': { days: 7, bucket: 'day' },
  '30d': { days: 30, bucket: 'day' },
  '12w': { days: 84, bucket: 'week' },
};

function rangeOf(range: Range, shift = 0): Record<string, string> {
  const { days, bucket } = RANGES[range];
  const to = new Date(Date.now() - shift * days * 864e5);
  const from = new Date(to.getTime() - days * 864e5);
  return { from: from.toISOString(), to: to.toISOString(), bucket };
}

async function get<T = Table>(path: Path, query: Record<string, string>): Promise<T> {
  // Every figures route takes the same range query; the generated types list them per route.
  const r = await analytics.GET(path, { params: { query: query as never } } as never);
  if (!r.response.ok) throw new Error(`${path}: ${r.response.status}`);
  return r.data as T;
}

/** Downloads one table as the API's own CSV (format=csv), with the bearer token. */
async function downloadCsv(path: Path, query: Record<string, string>): Promise<void> {
  const qs = new URLSearchParams({ ...query, format: 'csv' });
  const res = await fetch(`/api/analytics${path}?${qs}`, {
    headers: { authorization: `Bearer ${getToken()}` },
  });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${path.split('/').pop()}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

export function DashboardScreen() {
  const { t, number } = useI18n();
  const [range, setRange] = useState<Range>('7d');
  const [department, setDepartment] = useState('');
  const [data, setData] = useState<Record<string, Table> | null>(null);
  const [error, setError] = useState('');

  const query = useCallback(
    (shift = 0) => ({ ...rangeOf(range, shift), ...(department ? { department } : {}) }),
    [range, department],
  );
  const load = useCallback(async () => {
    setError('');
    try {
      const q = query();
      const [topics, share, previousShare, handoff, campaigns, notUnderstood, subscribers, reports] =
        await Promise.all([
          get('/analytics/topics', rangeOf(range)),
          get('/analytics/answered-share', rangeOf(range)),
          get('/analytics/answered-share', rangeOf(range, 1)),
          get('/analytics/handoff', q),
          get('/analytics/campaigns', q),
          get('/analytics/not-understood', { ...rangeOf(range), limit: '15' }),
          get('/analytics/subscribers', rangeOf(range)),
          get('/analytics/reports', q),
        ]);
      setData({ topics, share, previousShare, handoff, campaigns, notUnderstood, subscribers, reports });
    } catch (e) {
      setError((e as Error).message);
    }
  }, [query, range]);
  useEffect(() => void load(), [load]);

  const total = (data?.share.total ?? {}) as Record<string, number>;
  const before = (data?.previousShare.total ?? {}) as Record<string, number>;
  const subscriberRows = (data?.subscribers.rows ?? []) as Array<Record<string, number>>;
  const subscribersNow = subscriberRows.length
    ? subscriberRows[subscriberRows.length - 1].subscribers
    : Number(data?.subscribers.subscribersBefore ?? 0);
  const delta = (now?: number, prev?: number) =>
    prev === undefined || now === undefined ? '' : `${now - prev >= 0 ? '+' : ''}${number(now - prev)}`;

  return (
    <div className="dashboard">
      <div className="row spread">
        <h1>{t('dashboard')}</h1>
        <div className="row">
          <label>
            {t('period')}
            <select value={range} onChange={(e) => setRange(e.target.value as Range)}>
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
          <button type="button" onClick={() => void load()}>
            {t('refresh')}
          </button>
        </div>
      </div>
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
              <h2>Questions / Pitanja</h2>
              <p className="v" id="kpi-questions">
                {number(total.questions ?? 0)}
              </p>
              <p className="muted">{delta(total.questions, before.questions)} vs. previous period</p>
            </div>
            <div className="card kpi">
              <h2>Answered by the bot / Odgovorio bot</h2>
              <p className="v" id="kpi-answered">
                {Math.round((total.answeredShare ?? 0) * 100)} %
              </p>
              <p className="muted">
                {Math.round((before.answeredShare ?? 0) * 100)} % in the previous period
              </p>
            </div>
            <div className="card kpi">
              <h2>Subscribers / Pretplatnici</h2>
              <p className="v" id="kpi-subscribers">
                {number(subscribersNow)}
              </p>
            </div>
          </div>
          <FigureTable
            title="Questions by topic / Pitanja po temi"
            path="/analytics/topics"
            table={data.topics}
            query={rangeOf(range)}
          />
          <FigureTable
            title="Operators / Operateri"
            path="/analytics/handoff"
            table={data.handoff}
            query={query()}
          />
          <FigureTable
            title="Campaign funnels / Isporuka obavještenja"
            path="/analytics/campaigns"
            table={data.campaigns}
            query={query()}
          />
          <FigureTable
            title={t('notUnderstoodInbox')}
            path="/analytics/not-understood"
            table={data.notUnderstood}
            query={{ ...rangeOf(range), limit: '15' }}
          />
          <FigureTable
            title="Reports by category / Prijave po kategoriji"
            path="/analytics/reports"
            table={{ rows: (data.reports.statusNow as Row[]) ?? [] }}
            query={query()}
          />
        </>
      )}
    </div>
  );
}

function FigureTable({
  title,
  path,
  table,
  query,
}: {
  title: string;
  path: Path;
  table: Table;
  query: Record<string, string>;
}) {
  const { t } = useI18n();
  const rows = table.rows ?? [];
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 10);
  const id = `fig-${path.split('/').pop()}`;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="row spread">
        <h2 id={id}>{title}</h2>
        <button
          type="button"
          onClick={() => void downloadCsv(path, query)}
          aria-label={`${t('downloadCsv')}: ${title}`}
        >
          {t('downloadCsv')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="muted">—</p>
      ) : (
        <div className="scroll">
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
                    <td key={c}>
                      {typeof r[c] === 'number'
                        ? Number(r[c]).toLocaleString('sr-Latn-ME')
                        : String(r[c] ?? '')}
                    </td>
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
