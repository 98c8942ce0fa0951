import { commonEnvSchema, loadConfig } from '@citizen-desk/config';
import { makeEnvelope } from '@citizen-desk/contracts';
import { metricsRegistry } from '@citizen-desk/observability';
import { cleanupNamespace, eventually, serviceTestEnv, testNamespace } from '@citizen-desk/testing';
import { ServiceRuntime } from './service-runtime';

/** The gauges behind the alerts, read as Prometheus reads them: through /metrics' registry. */
async function gaugeValues(
  name: string,
): Promise<Array<{ labels: Record<string, string | number>; value: number }>> {
  const metric = metricsRegistry.getSingleMetric(name);
  if (!metric) return [];
  return (await metric.get()).values as Array<{ labels: Record<string, string | number>; value: number }>;
}

describe('runtime gauges (real PostgreSQL and NATS)', () => {
  const ns = testNamespace();
  let runtime: ServiceRuntime;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    runtime = await ServiceRuntime.start({
      service: 'gauges',
      config: loadConfig(commonEnvSchema, serviceTestEnv(ns)),
    });
  });

  afterAll(async () => {
    release();
    await runtime.stop();
    await cleanupNamespace(ns);
  });

  it('reports how many messages a durable consumer has not handled yet', async () => {
    const gate = new Promise<void>((resolve) => (release = resolve));
    await runtime.consumeBatches({
      durable: 'gauge-test',
      subjects: 'citizen.>',
      batchSize: 1,
      handler: async (batch) => {
        await gate;
        return batch.map(() => ({ ok: true as const }));
      },
    });
    for (let i = 0; i < 5; i++) {
      const at = new Date().toISOString();
      await runtime.messaging.publish(
        makeEnvelope({
          type: 'CitizenMessageReceived',
          version: 1,
          streamId: `citizen-viber:g${i}`,
          data: {
            citizen: { id: `viber:g${i}`, name: 'G' },
            channelMessageId: `gauge-${ns}-${i}`,
            message: { kind: 'text', text: 'x' },
            sentAt: at,
          },
        }),
      );
    }
    const durable = `${ns}-gauge-test`;
    await eventually(async () => {
      const values = (await gaugeValues('citizen_desk_consumer_pending_messages')).filter(
        (v) => v.labels.consumer === durable,
      );
      const total = values.reduce((sum, v) => sum + v.value, 0);
      return total === 5 && values.some((v) => v.labels.state === 'ack_pending' && v.value >= 1);
    });
    release();
    await eventually(async () => {
      const values = (await gaugeValues('citizen_desk_consumer_pending_messages')).filter(
        (v) => v.labels.consumer === durable,
      );
      return values.length === 2 && values.every((v) => v.value === 0);
    });
  });

  it('reports the age of the oldest outbox row, and that both dependencies answer', async () => {
    const outbox = await gaugeValues('citizen_desk_outbox_oldest_age_seconds');
    expect(outbox).toContainEqual({ labels: { schema: runtime.schema }, value: expect.any(Number) });
    expect(outbox.find((v) => v.labels.schema === runtime.schema)!.value).toBeLessThan(60);
    const up = await gaugeValues('citizen_desk_dependency_up');
    expect(up).toEqual(
      expect.arrayContaining([
        { labels: { dependency: 'database' }, value: 1 },
        { labels: { dependency: 'broker' }, value: 1 },
      ]),
    );
  });
});
