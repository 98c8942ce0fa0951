import { Gauge } from 'prom-client';
import { metricsRegistry } from '@citizen-desk/observability';
import type { ServiceRuntime } from './service-runtime';

/**
 * Gauges computed when Prometheus scrapes /metrics, for the alerts in deploy/base/monitoring: how
 * far each durable consumer is behind (JetStream consumer info), how old the oldest outbox row is,
 * and whether the database and broker answer. No timer runs between scrapes; each read is bounded
 * so that a dead dependency cannot hang /metrics.
 */
const runtimes = new Set<ServiceRuntime>();
const READ_TIMEOUT_MS = 2_000;

/** A read for a scrape, given up (undefined) after 2 s or on failure, so /metrics always answers. */
export function bounded<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work.catch(() => undefined),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), READ_TIMEOUT_MS);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A gauge computed when Prometheus scrapes /metrics (reset first, then `collect` sets its values);
 * registered once per process. For services' own scrape-time gauges too (handoff's queue wait).
 */
export function scrapedGauge(
  name: string,
  help: string,
  labelNames: string[],
  collect: (g: Gauge<string>) => Promise<void>,
): void {
  if (metricsRegistry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      await collect(this);
    },
  });
}

export function registerRuntimeGauges(runtime: ServiceRuntime): void {
  runtimes.add(runtime);
  scrapedGauge(
    'citizen_desk_consumer_pending_messages',
    'Messages of a durable JetStream consumer not yet delivered (num_pending) or not yet acknowledged (num_ack_pending)',
    ['consumer', 'state'],
    async (g) => {
      for (const rt of runtimes) {
        for (const durable of new Set(rt.durables)) {
          const info = await bounded(rt.messaging.jsm.consumers.info(rt.messaging.streamName, durable));
          if (!info) continue;
          g.set({ consumer: durable, state: 'pending' }, info.num_pending);
          g.set({ consumer: durable, state: 'ack_pending' }, info.num_ack_pending);
        }
      }
    },
  );
  scrapedGauge(
    'citizen_desk_dead_letters',
    'Messages held now in the dead-letter stream, per consumer: kind "dead" (failed too often or broken) or "parked" (type or version not known yet)',
    ['consumer', 'kind'],
    async (g) => {
      // One stream per installation: every replica of every service reports the same figures.
      for (const rt of runtimes) {
        const counts = await bounded(rt.messaging.deadLetters.counts());
        const prefix = `${rt.messaging.namespace}-`;
        for (const c of counts ?? []) {
          const consumer = c.consumer.startsWith(prefix) ? c.consumer.slice(prefix.length) : c.consumer;
          g.set({ consumer, kind: c.kind }, c.count);
        }
        break;
      }
    },
  );
  scrapedGauge(
    'citizen_desk_outbox_oldest_age_seconds',
    'Age of the oldest row in the service outbox, 0 when it is empty',
    ['schema'],
    async (g) => {
      for (const rt of runtimes) {
        const rows = await bounded(
          rt.dataSource.query(
            `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age FROM "${rt.schema}".outbox`,
          ) as Promise<Array<{ age: number }>>,
        );
        if (rows?.[0]) g.set({ schema: rt.schema }, Number(rows[0].age));
      }
    },
  );
  scrapedGauge(
    'citizen_desk_dependency_up',
    'Whether PostgreSQL (database) and NATS (broker) answer this process, 1 or 0',
    ['dependency'],
    async (g) => {
      for (const rt of runtimes) {
        if (rt.isStopping) continue;
        const ready = (await bounded(rt.readiness())) ?? { database: false, broker: false };
        g.set({ dependency: 'database' }, ready.database ? 1 : 0);
        g.set({ dependency: 'broker' }, ready.broker ? 1 : 0);
      }
    },
  );
}

export function unregisterRuntimeGauges(runtime: ServiceRuntime): void {
  runtimes.delete(runtime);
}
