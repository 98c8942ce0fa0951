import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/**
 * The alerts and the dashboard name only metrics that exist: exposed by the code (found in the
 * sources) or by the cluster's own exporters.
 */
const repoRoot = join(__dirname, '..');
const external = [
  'kube_deployment_status_replicas_available', // kube-state-metrics
  'kube_deployment_spec_replicas',
  'process_cpu_seconds_total', // prom-client default metrics
];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'dist-bench') return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return entry.endsWith('.ts') && !entry.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Metric names registered in the code: counter('x'), histogram('x') (prefixed) and literal gauges. */
function exposedMetrics(): Set<string> {
  const names = new Set<string>();
  for (const file of [...sourcesUnder(join(repoRoot, 'libs')), ...sourcesUnder(join(repoRoot, 'services'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:counter|histogram|gauge)\(\s*'([a-z0-9_]+)'/g))
      names.add(`citizen_desk_${m[1]}`);
    for (const m of text.matchAll(/'(citizen_desk_[a-z0-9_]+)'/g)) names.add(m[1]);
  }
  return names;
}

/** Metric names in a PromQL expression (histogram series folded to their metric). */
function metricsIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""');
  return [...withoutStrings.matchAll(/\b((?:citizen_desk|kube|process)_[a-z0-9_]+)\b/g)].map((m) =>
    m[1].replace(/_(bucket|sum|count)$/, ''),
  );
}

function balanced(expr: string): boolean {
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: string[] = [];
  for (const ch of expr.replace(/"[^"]*"/g, '""')) {
    if ('({['.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const rule = load(readFileSync(join(__dirname, 'monitoring/prometheus-rule.yaml'), 'utf8')) as any;
const rules: Array<{ alert: string; expr: string; for?: string; labels: any; annotations: any }> =
  rule.spec.groups.flatMap((g: any) => g.rules);
const dashboard = JSON.parse(readFileSync(join(__dirname, 'grafana/citizen-desk.json'), 'utf8'));
const panelExprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
const known = new Set([...exposedMetrics(), ...external]);

describe('alerts (PrometheusRule)', () => {
  it('covers consumer lag, dead letters, outbox age, send failures, SLA breaches and readiness', () => {
    const all = rules.map((r) => r.expr).join('\n');
    for (const metric of [
      'citizen_desk_consumer_pending_messages',
      'citizen_desk_dead_letters_total',
      'citizen_desk_dead_letters',
      'citizen_desk_outbox_oldest_age_seconds',
      'citizen_desk_viber_sends_total',
      'citizen_desk_handoff_oldest_wait_seconds',
      'citizen_desk_dependency_up',
      'kube_deployment_status_replicas_available',
    ]) {
      expect(all).toContain(metric);
    }
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s parses and names known metrics', (_name, r) => {
    expect(r.alert).toMatch(/^CitizenDesk[A-Za-z]+$/);
    expect(balanced(r.expr)).toBe(true);
    expect(r.expr).toMatch(/[<>=]=?\s*[0-9.e-]+\s*$|<\s*kube_deployment_spec_replicas\{[^}]*\}\s*$/);
    if (r.for) expect(r.for).toMatch(/^\d+[smh]$/);
    expect(['warning', 'critical']).toContain(r.labels.severity);
    expect(r.annotations.summary).toBeTruthy();
    const metrics = metricsIn(r.expr);
    expect(metrics.length).toBeGreaterThan(0);
    for (const m of metrics) expect({ metric: m, known: known.has(m) }).toEqual({ metric: m, known: true });
  });

  it('has unique alert names', () => {
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
  });

  it('finds the metrics the services expose (the scan works), the reliability ones included', () => {
    const exposed = exposedMetrics();
    for (const m of [
      'citizen_desk_consumer_pending_messages',
      'citizen_desk_viber_sends_total',
      'citizen_desk_dead_letters_total',
      'citizen_desk_parked_messages_total',
      'citizen_desk_dead_letters',
      'citizen_desk_handoff_oldest_wait_seconds',
    ])
      expect(exposed).toContain(m);
  });
});

describe('Grafana dashboard', () => {
  it('shows every metric the alerts use, and only known ones', () => {
    expect(dashboard.uid).toBe('citizen-desk-reliability');
    const shown = new Set(panelExprs.flatMap(metricsIn));
    for (const m of rules.flatMap((r) => metricsIn(r.expr))) expect(shown).toContain(m);
    for (const m of shown) expect({ metric: m, known: known.has(m) }).toEqual({ metric: m, known: true });
    for (const e of panelExprs) expect(balanced(e)).toBe(true);
  });

  it('has panels that do not overlap', () => {
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });
});
