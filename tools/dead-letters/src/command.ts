import { DeadLetterKind, DeadLetterSelection } from '@citizen-desk/messaging';

export type Command =
  | { action: 'counts' }
  | { action: 'list' | 'replay' | 'drop'; consumer: string; selection: DeadLetterSelection; json: boolean }
  | { action: 'help' };

export const USAGE = `npm run dead-letters -- <command>

  list                      how many dead letters and parked messages each consumer has
  list <consumer>           a consumer's dead letters and parked messages, oldest first
  replay <consumer>         publish them again to their original subjects, for that consumer only
  drop <consumer>           delete them for good

  --kind dead|parked        only dead letters (failed too often, or broken) or parked messages
                            (an event type or version the consumer does not know yet)
  --seq <n>                 only the message with this seq (the first column of list)
  --limit <n>               list at most this many (default 100)
  --json                    list as JSON, one object a line

<consumer> is the durable name as the service gives it (dialog, gateway-sender, handoff-requests …)
or as NATS shows it (<namespace>-dialog). Connects to NATS_URL (NATS_USER, NATS_PASSWORD) in
NATS_NAMESPACE, as the services do.`;

export class UsageError extends Error {}

/** Reads the command line; what is wrong is a UsageError with the reason. */
export function parseCommand(argv: readonly string[]): Command {
  const args = [...argv];
  const flags = new Map<string, string | true>();
  const words: string[] = [];
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--json' || arg === '--help' || arg === '-h') flags.set(arg.replace(/^-+/, ''), true);
    else if (arg.startsWith('--')) {
      const value = args.shift();
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
    } else words.push(arg);
  }
  if (flags.has('help') || flags.has('h') || words.length === 0) return { action: 'help' };
  const [action, consumer, ...rest] = words;
  if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
  if (action !== 'list' && action !== 'replay' && action !== 'drop')
    throw new UsageError(`unknown command ${action}`);
  for (const name of flags.keys())
    if (!['kind', 'seq', 'limit', 'json'].includes(name)) throw new UsageError(`unknown option --${name}`);
  if (!consumer) {
    if (action === 'list' && flags.size === 0) return { action: 'counts' };
    throw new UsageError(`${action} needs a consumer`);
  }
  const selection: DeadLetterSelection = {};
  const kind = flags.get('kind');
  if (kind !== undefined) {
    if (kind !== 'dead' && kind !== 'parked') throw new UsageError('--kind is dead or parked');
    selection.kind = kind as DeadLetterKind;
  }
  const seq = flags.get('seq');
  if (seq !== undefined) selection.seq = positive(seq, '--seq');
  const limit = flags.get('limit');
  if (limit !== undefined) {
    if (action !== 'list') throw new UsageError('--limit is for list');
    selection.limit = positive(limit, '--limit');
  } else if (action === 'list') selection.limit = 100;
  return { action, consumer, selection, json: flags.has('json') };
}

function positive(value: string | true, name: string): number {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${name} is a positive integer`);
  return n;
}

/** The consumer's name on the server: `<namespace>-<durable>`. */
export function durableName(consumer: string, namespace: string): string {
  return consumer.startsWith(`${namespace}-`) ? consumer : `${namespace}-${consumer}`;
}
