import 'leaflet/dist/leaflet.css';
import './reports/reports.css';
import L from 'leaflet';
import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { components } from '../api/handoff';
import { getToken, handoff, ok } from '../api/clients';
import { publicConfig } from '../config';
import { useI18n } from '../i18n';
import { useSession } from '../session';
import { useToast } from '../toast';
import { useMessages } from './messages';
import { dayStart, nextDay } from './reports/dates';
import { reportMessages } from './reports/messages';

type Report = components['schemas']['ReportDto'];
type HistoryEntry = components['schemas']['ReportHistoryEntryDto'];
type NewStatus = components['schemas']['ChangeStatusRequestDto']['status'];
type Status = 'received' | 'in-progress' | 'resolved' | 'not-our-responsibility' | 'duplicate';
interface Category {
  code: string;
  department: string;
  name?: Record<string, string>;
}
const STATUSES: Status[] = ['received', 'in-progress', 'resolved', 'not-our-responsibility', 'duplicate'];
const BUDVA: [number, number] = [42.2864, 18.84];

/** The list's query: the date filters are whole days in Podgorica, "to" included. */
function queryOf(filters: Record<string, string>): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.status) query.status = filters.status;
  if (filters.category) query.category = filters.category;
  if (filters.department) query.department = filters.department;
  if (filters.from) query.from = dayStart(filters.from);
  if (filters.to) query.to = dayStart(nextDay(filters.to));
  return query;
}

/** Case work on citizens' reports: filters, map, the report with its photo, place and history. */
export function ReportsScreen() {
  const { t, dateTime } = useI18n();
  const m = useMessages(reportMessages);
  const [filters, setFilters] = useState({ status: '', category: '', department: '', from: '', to: '' });
  const [reports, setReports] = useState<Report[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [selected, setSelected] = useState<Report | null>(null);

  const load = useCallback(async () => {
    const r = await handoff.GET('/reports', { params: { query: queryOf(filters) } });
    setReports((r.data as unknown as Report[]) ?? []);
  }, [filters]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    handoff.GET('/reports/categories').then((r) => setCategories((r.data as unknown as Category[]) ?? []));
  }, []);

  const open = useCallback(async (reference: string) => {
    const r = await handoff.GET('/reports/{reference}', { params: { path: { reference } } });
    if (r.data) setSelected(r.data);
  }, []);
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });
  const departments = [...new Set(categories.map((c) => c.department))].sort();

  return (
    <div className="reports">
      <h1>{t('reports')}</h1>
      <form
        className="filters row wrap"
        onSubmit={(e) => (e.preventDefault(), void load())}
        aria-label={m('filter')}
      >
        <label>
          {t('status')}
          <select value={filters.status} onChange={set('status')}>
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {m(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('category')}
          <select value={filters.category} onChange={set('category')}>
            <option value="">{t('all')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('department')}
          <select value={filters.department} onChange={set('department')}>
            <option value="">{t('all')}</option>
            {departments.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('from')}
          <input type="date" value={filters.from} onChange={set('from')} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={filters.to} onChange={set('to')} />
        </label>
      </form>
      <p className="muted" role="status" data-report-count={reports.length}>
        {reports.length ? m('count', { n: reports.length }) : m('noReports')}
      </p>
      <div className="columns">
        <div className="grow">
          <table>
            <caption className="sr-only">{t('reports')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reference')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('category')}</th>
                <th scope="col">{t('received')}</th>
                <th scope="col">{t('description')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr
                  key={r.reference}
                  data-reference={r.reference}
                  className={selected?.reference === r.reference ? 'selected' : ''}
                >
                  <td>
                    <button type="button" className="link" onClick={() => void open(r.reference)}>
                      {r.reference}
                    </button>
                  </td>
                  <td data-status={r.status}>{m(r.status as Status)}</td>
                  <td>{r.category}</td>
                  <td>{dateTime(r.filedAt)}</td>
                  <td>{r.description.slice(0, 80)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ReportMap reports={reports} selected={selected} onPick={open} />
        </div>
        {selected ? (
          <ReportDetail
            key={`${selected.reference}-${selected.updatedAt}`}
            report={selected}
            categories={categories}
            changed={async () => {
              await load();
              await open(selected.reference);
            }}
          />
        ) : null}
      </div>
    </div>
  );
}

function ReportMap({
  reports,
  selected,
  onPick,
}: {
  reports: Report[];
  selected: Report | null;
  onPick(reference: string): void;
}) {
  const { t } = useI18n();
  const m = useMessages(reportMessages);
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let cancelled = false;
    void publicConfig().then((c) => {
      if (cancelled || !box.current || map.current) return;
      map.current = L.map(box.current).setView(BUDVA, 13);
      // The tile server is per installation (MAP_TILE_URL, handed over at /config.json).
      L.tileLayer(c.tileUrl, { attribution: c.tileAttribution, maxZoom: 19 }).addTo(map.current);
      layer.current = L.layerGroup().addTo(map.current);
      setReady(true);
    });
    return () => {
      cancelled = true;
      map.current?.remove();
      map.current = null;
      layer.current = null;
    };
  }, []);
  useEffect(() => {
    if (!ready || !layer.current) return;
    layer.current.clearLayers();
    for (const r of reports) {
      if (r.lat == null || r.lon == null) continue;
      const chosen = r.reference === selected?.reference;
      L.circleMarker([r.lat, r.lon], { radius: chosen ? 11 : 8, weight: chosen ? 4 : 2 })
        .bindTooltip(`${r.reference}: ${m(r.status as Status)}`)
        .on('click', () => onPick(r.reference))
        .addTo(layer.current);
    }
  }, [ready, reports, selected, onPick, m]);
  // The chosen report's place comes into view.
  useEffect(() => {
    if (ready && map.current && selected?.lat != null && selected.lon != null)
      map.current.setView([selected.lat, selected.lon], Math.max(map.current.getZoom(), 15));
  }, [ready, selected]);
  return <div ref={box} className="map" role="region" aria-label={t('map')} />;
}

/** The photo through the API, with the bearer token an <img> cannot send. */
function Photo({ report }: { report: Report }) {
  const m = useMessages(reportMessages);
  const [src, setSrc] = useState<string | null>(null);
  const url = report.photoUrl;
  useEffect(() => {
    if (!url) return;
    if (!url.startsWith('/')) return setSrc(url); // an Open311 client's own link
    let objectUrl: string | null = null;
    let cancelled = false;
    void fetch(`/api/handoff${url}`, { headers: { authorization: `Bearer ${getToken()}` } })
      .then((r) => (r.ok ? r.blob() : null))
      .then((blob) => {
        if (!blob || cancelled) return;
        objectUrl = URL.createObjectURL(blob);
        setSrc(objectUrl);
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  if (!url) return <p className="muted">{m('noPhoto')}</p>;
  return src ? <img src={src} alt={m('photo')} className="photo" data-photo="loaded" /> : null;
}

function History({ reference, version }: { reference: string; version: string }) {
  const { t, dateTime } = useI18n();
  const m = useMessages(reportMessages);
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  useEffect(() => {
    void handoff
      .GET('/reports/{reference}/history', { params: { path: { reference } } })
      .then((r) => setEntries((r.data as unknown as HistoryEntry[]) ?? []));
  }, [reference, version]);
  const status = (s?: string) => (s && STATUSES.includes(s as Status) ? m(s as Status) : (s ?? ''));
  const what = (e: HistoryEntry): string => {
    switch (e.kind) {
      case 'filed':
        return m('filed', { channel: e.to ?? '' });
      case 'status':
        return m('statusChange', { from: status(e.from), to: status(e.to) });
      case 'reassigned':
        return m('reassigned', { from: e.from ?? '', to: e.to ?? '' });
      default:
        return e.published ? m('published') : m('withdrawn');
    }
  };
  return (
    <section aria-labelledby="history-title">
      <h3 id="history-title">{t('history')}</h3>
      {entries && !entries.length ? <p className="muted">{m('noHistory')}</p> : null}
      <ol className="history" aria-labelledby="history-title">
        {(entries ?? []).map((e, i) => (
          <li key={i} data-kind={e.kind} data-to={e.to}>
            <span className="when">
              {dateTime(e.at)} {e.by ? m('by', { name: e.by }) : ''}
            </span>
            {what(e)}
            {e.note ? <span className="note">“{e.note}”</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ReportDetail({
  report,
  categories,
  changed,
}: {
  report: Report;
  categories: Category[];
  changed(): Promise<void>;
}) {
  const { t, dateTime } = useI18n();
  const m = useMessages(reportMessages);
  const { has } = useSession();
  const toast = useToast();
  const [status, setStatus] = useState<NewStatus>('in-progress');
  const [note, setNote] = useState('');
  const [category, setCategory] = useState(report.category);
  const run = async (call: Promise<{ response: Response; error?: unknown }>) => {
    try {
      await ok(call as never);
      toast(t('done'));
      await changed();
    } catch (e) {
      toast((e as Error).message);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(
      handoff.POST('/reports/{reference}/status', {
        params: { path: { reference: report.reference } },
        body: note ? { status, note } : { status },
      }),
    );
  };
  return (
    <aside className="card side" aria-labelledby="report-title">
      <h2 id="report-title">{report.reference}</h2>
      <dl>
        <dt>{t('status')}</dt>
        <dd data-status={report.status}>{m(report.status as Status)}</dd>
        <dt>{t('category')}</dt>
        <dd>
          {report.category} · {report.department}
        </dd>
        <dt>{t('received')}</dt>
        <dd>
          {dateTime(report.filedAt)} · {m('channel')}: {report.channel}
        </dd>
        <dt>{t('description')}</dt>
        <dd>{report.description}</dd>
        <dt>{t('place')}</dt>
        <dd data-place>
          {report.address ?? ''}
          {report.lat != null ? (
            <span>
              {' '}
              · {m('coordinates')}: {report.lat.toFixed(5)}, {report.lon?.toFixed(5)}
            </span>
          ) : null}
          {!report.address && report.lat == null ? m('noPlace') : null}
        </dd>
      </dl>
      <Photo report={report} />
      <form onSubmit={submit}>
        <label>
          {t('changeStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value as NewStatus)}>
            <option value="in-progress">{m('in-progress')}</option>
            <option value="resolved">{m('resolved')}</option>
            <option value="not-our-responsibility">{m('not-our-responsibility')}</option>
          </select>
        </label>
        <label>
          {t('noteToCitizen')}
          <textarea
            rows={3}
            value={note}
            maxLength={2000}
            aria-describedby="note-hint"
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
        <p id="note-hint" className="hint">
          {m('noteRequired')}
        </p>
        <button type="submit" className="primary">
          {t('changeStatus')}
        </button>
      </form>
      {has('supervisor') ? (
        <div className="row">
          <label>
            {t('reassign')}
            <select value={category} onChange={(e) => setCategory(e.target.value)}>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} ({c.department})
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() =>
              void run(
                handoff.POST('/reports/{reference}/reassign', {
                  params: { path: { reference: report.reference } },
                  body: { category },
                }),
              )
            }
          >
            {t('reassign')}
          </button>
        </div>
      ) : null}
      <History reference={report.reference} version={report.updatedAt} />
    </aside>
  );
}
