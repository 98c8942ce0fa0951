import 'leaflet/dist/leaflet.css';
import L from 'leaflet';
import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { components } from '../api/handoff';
import { handoff, ok } from '../api/clients';
import { publicConfig } from '../config';
import { useI18n } from '../i18n';
import { useToast } from '../toast';

type Report = components['schemas']['ReportDto'];
type NewStatus = components['schemas']['ChangeStatusRequestDto']['status'];
const STATUSES: Report['status'][] = [
  'received',
  'in-progress',
  'resolved',
  'not-our-responsibility',
  'duplicate',
];
const BUDVA: [number, number] = [42.2864, 18.84];

export function ReportsScreen() {
  const { t, dateTime } = useI18n();
  const [filters, setFilters] = useState({ status: '', category: '', department: '', from: '', to: '' });
  const [reports, setReports] = useState<Report[]>([]);
  const [categories, setCategories] = useState<Array<{ code: string }>>([]);
  const [selected, setSelected] = useState<Report | null>(null);

  const load = useCallback(async () => {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(filters))
      if (v) query[k] = k === 'from' || k === 'to' ? new Date(v).toISOString() : v;
    const r = await handoff.GET('/reports', { params: { query } });
    setReports((r.data as unknown as Report[]) ?? []);
  }, [filters]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    handoff
      .GET('/reports/categories')
      .then((r) => setCategories((r.data as unknown as Array<{ code: string }>) ?? []));
  }, []);

  const open = async (reference: string) => {
    const r = await handoff.GET('/reports/{reference}', { params: { path: { reference } } });
    if (r.data) setSelected(r.data);
  };
  const set = (k: keyof typeof filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [k]: e.target.value });

  return (
    <div className="reports">
      <h1>{t('reports')}</h1>
      <form
        className="filters row"
        onSubmit={(e) => (e.preventDefault(), void load())}
        aria-label={t('reports')}
      >
        <label>
          {t('status')}
          <select value={filters.status} onChange={set('status')}>
            <option value="">{t('all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
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
          <input value={filters.department} onChange={set('department')} />
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
                <tr key={r.reference} className={selected?.reference === r.reference ? 'selected' : ''}>
                  <td>
                    <button type="button" className="link" onClick={() => void open(r.reference)}>
                      {r.reference}
                    </button>
                  </td>
                  <td>{r.status}</td>
                  <td>{r.category}</td>
                  <td>{dateTime(r.filedAt)}</td>
                  <td>{r.description.slice(0, 80)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ReportMap reports={reports} onPick={(ref) => void open(ref)} />
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

function ReportMap({ reports, onPick }: { reports: Report[]; onPick(reference: string): void }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  useEffect(() => {
    let cancelled = false;
    void publicConfig().then((c) => {
      if (cancelled || !box.current || map.current) return;
      map.current = L.map(box.current).setView(BUDVA, 13);
      L.tileLayer(c.tileUrl, { attribution: c.tileAttribution, maxZoom: 19 }).addTo(map.current);
      layer.current = L.layerGroup().addTo(map.current);
    });
    return () => {
      cancelled = true;
      map.current?.remove();
      map.current = null;
    };
  }, []);
  useEffect(() => {
    const draw = () => {
      if (!layer.current) return void setTimeout(draw, 100);
      layer.current.clearLayers();
      for (const r of reports) {
        if (r.lat == null || r.lon == null) continue;
        L.circleMarker([r.lat, r.lon], { radius: 8 })
          .bindTooltip(`${r.reference}: ${r.status}`)
          .on('click', () => onPick(r.reference))
          .addTo(layer.current);
      }
    };
    draw();
  }, [reports, onPick]);
  return <div ref={box} className="map" role="region" aria-label={t('map')} />;
}

function ReportDetail({
  report,
  categories,
  changed,
}: {
  report: Report;
  categories: Array<{ code: string }>;
  changed(): Promise<void>;
}) {
  const { t, dateTime } = useI18n();
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
        <dd>{report.status}</dd>
        <dt>{t('category')}</dt>
        <dd>
          {report.category} · {report.department}
        </dd>
        <dt>{t('received')}</dt>
        <dd>{dateTime(report.filedAt)}</dd>
        <dt>{t('description')}</dt>
        <dd>{report.description}</dd>
        <dt>{t('place')}</dt>
        <dd>
          {report.address ?? ''} {report.lat != null ? `📍 ${report.lat}, ${report.lon}` : ''}
        </dd>
        {report.note ? (
          <>
            <dt>{t('history')}</dt>
            <dd>
              {report.note} ({dateTime(report.updatedAt)})
            </dd>
          </>
        ) : null}
      </dl>
      {report.photoUrl ? (
        <img src={report.photoUrl} alt={report.description.slice(0, 60)} className="photo" />
      ) : null}
      <form onSubmit={submit}>
        <label>
          {t('changeStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value as NewStatus)}>
            <option value="in-progress">in-progress</option>
            <option value="resolved">resolved</option>
            <option value="not-our-responsibility">not-our-responsibility</option>
          </select>
        </label>
        <label>
          {t('noteToCitizen')}
          <textarea rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t('changeStatus')}
        </button>
      </form>
      <div className="row">
        <label>
          {t('reassign')}
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}
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
    </aside>
  );
}
