import { ChaosOptions, DEFAULTS, SCENARIOS, ScenarioName } from './suite';

export const USAGE = `npm run chaos -- [scenario ...] [options]

scenarios (all when none is named): ${SCENARIOS.join(', ')}
  --rate N            questions per second from new citizens (${DEFAULTS.rate})
  --seconds N         load per scenario (${DEFAULTS.seconds})
  --fault-after N     seconds into the load when the fault comes (${DEFAULTS.faultAfterSeconds})
  --down N            seconds a killed service or NATS stays down (${DEFAULTS.downSeconds})
  --pg-outage N       seconds PostgreSQL stays down in pg-outage (${DEFAULTS.pgOutageSeconds})
  --pg-long-outage N  seconds PostgreSQL stays down in pg-outage-long (${DEFAULTS.pgLongOutageSeconds})
  --recipients N      campaign recipients (${DEFAULTS.recipients})
  --in-flight N       declared in-flight window: a gateway's unrecorded calls, a campaign's batches (${DEFAULTS.inFlight})
  --settle N          longest wait for answers or a campaign afterwards (${DEFAULTS.settleSeconds})
  --port-base N       first of the five service ports (${DEFAULTS.portBase})
  --pg-port N         the suite's own PostgreSQL (${DEFAULTS.pgPort})
  --nats-port N       the suite's own nats-server (${DEFAULTS.natsPort})
  --verbose           show the services' logs`;

const NUMERIC: Record<string, keyof ChaosOptions> = {
  '--rate': 'rate',
  '--seconds': 'seconds',
  '--fault-after': 'faultAfterSeconds',
  '--down': 'downSeconds',
  '--pg-outage': 'pgOutageSeconds',
  '--pg-long-outage': 'pgLongOutageSeconds',
  '--in-flight': 'inFlight',
  '--recipients': 'recipients',
  '--settle': 'settleSeconds',
  '--port-base': 'portBase',
  '--pg-port': 'pgPort',
  '--nats-port': 'natsPort',
};

export function parseChaosOptions(argv: string[]): ChaosOptions {
  const o: ChaosOptions = { ...DEFAULTS, scenarios: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--verbose') o.verbose = true;
    else if (arg in NUMERIC) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${arg} needs a positive number`);
      (o as unknown as Record<string, number>)[NUMERIC[arg]] = value;
    } else if ((SCENARIOS as readonly string[]).includes(arg)) o.scenarios.push(arg as ScenarioName);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (o.scenarios.length === 0) o.scenarios = [...SCENARIOS];
  return o;
}
