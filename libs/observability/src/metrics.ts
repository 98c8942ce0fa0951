import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per process, served at /metrics by every service. Metric names are
 * prefixed `citizen_desk_` so dashboards can tell ours from the runtime's.
 */
export const metricsRegistry = new Registry();
let defaultsCollected = false;

export function enableDefaultMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry });
}

function getOrCreate<T>(name: string, create: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();
}

export function counter(name: string, help: string, labelNames: string[] = []): Counter<string> {
  const full = `citizen_desk_${name}`;
  return getOrCreate(full, () => new Counter({ name: full, help, labelNames, registers: [metricsRegistry] }));
}

export function histogram(
  name: string,
  help: string,
  labelNames: string[] = [],
  buckets?: number[],
): Histogram<string> {
  const full = `citizen_desk_${name}`;
  return getOrCreate(
    full,
    () =>
      new Histogram({
        name: full,
        help,
        labelNames,
        buckets: buckets ?? [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [metricsRegistry],
      }),
  );
}
