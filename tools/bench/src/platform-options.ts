import { DelayRange } from '@citizen-desk/viber-simulator';

/** What `npm run bench:platform -- <options>` accepts. */
export interface PlatformBenchOptions {
  /** New citizens' questions per second, open loop. */
  rate: number;
  seconds: number;
  /** Questions before the measured ones (JIT, pools, the content model), not counted. */
  warmup: number;
  /** After the last question, how long to wait for the replies still owed. */
  replyWaitSeconds: number;
  recipients: number;
  delivered: DelayRange;
  seen: DelayRange;
  /** After the last receipt, how long to wait for the funnel to be complete. */
  funnelWaitSeconds: number;
  phases: { questions: boolean; receipts: boolean };
  portBase: number;
  keep: boolean;
  verbose: boolean;
  /** Where each service writes a V8 CPU profile (`node --cpu-prof`) when it stops; unset: none. */
  cpuProfileDir?: string;
}

export const USAGE = `npm run bench:platform -- [options]
  --rate N            questions per second, each from a new citizen (default 60)
  --seconds N         length of the questions phase (default 20)
  --warmup N          unmeasured questions first (default 20)
  --reply-wait N      seconds to wait for replies after the phase (default 30)
  --recipients N      subscribers the campaign goes to (default 10000)
  --delivered-ms A-B  message at Viber -> 'delivered' callback, uniform in [A, B] ms (default 500-3000)
  --seen-ms A-B       'delivered' -> 'seen' callback, uniform in [A, B] ms (default 1000-5000)
  --funnel-wait N     seconds to wait for a complete funnel after the last receipt (default 60)
  --only P            run one phase only: questions | receipts
  --port-base N       gateway on N, dialog N+1, handoff N+2, broadcast N+3, analytics N+4 (default 3920)
  --keep              keep the namespace (schemas, stream) afterwards
  --verbose           show the services' logs
  --cpu-prof DIR      each service writes DIR/<service>.cpuprofile (node --cpu-prof) when it stops`;

function positive(name: string, value: string | undefined, integer = true): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n)))
    throw new Error(`${name} needs a ${integer ? 'whole ' : ''}number ≥ 0, not ${value ?? 'nothing'}`);
  return n;
}

function range(name: string, value: string | undefined): DelayRange {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value ?? '');
  if (!m) throw new Error(`${name} needs A-B in milliseconds (e.g. 500-3000), not ${value ?? 'nothing'}`);
  const minMs = Number(m[1]);
  const maxMs = Number(m[2] ?? m[1]);
  if (maxMs < minMs) throw new Error(`${name}: ${maxMs} is less than ${minMs}`);
  return { minMs, maxMs };
}

export function parsePlatformOptions(argv: string[]): PlatformBenchOptions {
  const o: PlatformBenchOptions = {
    rate: 60,
    seconds: 20,
    warmup: 20,
    replyWaitSeconds: 30,
    recipients: 10_000,
    delivered: { minMs: 500, maxMs: 3000 },
    seen: { minMs: 1000, maxMs: 5000 },
    funnelWaitSeconds: 60,
    phases: { questions: true, receipts: true },
    portBase: 3920,
    keep: false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--rate':
        o.rate = positive(flag, value(), false);
        break;
      case '--seconds':
        o.seconds = positive(flag, value(), false);
        break;
      case '--warmup':
        o.warmup = positive(flag, value());
        break;
      case '--reply-wait':
        o.replyWaitSeconds = positive(flag, value(), false);
        break;
      case '--recipients':
        o.recipients = positive(flag, value());
        break;
      case '--delivered-ms':
        o.delivered = range(flag, value());
        break;
      case '--seen-ms':
        o.seen = range(flag, value());
        break;
      case '--funnel-wait':
        o.funnelWaitSeconds = positive(flag, value(), false);
        break;
      case '--only': {
        const phase = value();
        if (phase !== 'questions' && phase !== 'receipts')
          throw new Error(`--only takes questions or receipts, not ${phase ?? 'nothing'}`);
        o.phases = { questions: phase === 'questions', receipts: phase === 'receipts' };
        break;
      }
      case '--port-base':
        o.portBase = positive(flag, value());
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--verbose':
        o.verbose = true;
        break;
      case '--cpu-prof': {
        const dir = value();
        if (!dir) throw new Error('--cpu-prof needs a directory');
        o.cpuProfileDir = dir;
        break;
      }
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  if (o.phases.questions && (o.rate <= 0 || o.seconds <= 0))
    throw new Error('--rate and --seconds must be above 0');
  if (o.phases.receipts && o.recipients <= 0) throw new Error('--recipients must be above 0');
  return o;
}
