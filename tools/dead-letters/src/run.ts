import { commonEnvSchema, loadConfig } from '@citizen-desk/config';
import { connectMessaging, DeadLetter } from '@citizen-desk/messaging';
import { Command, durableName, parseCommand, USAGE, UsageError } from './command';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Runs one command against NATS and returns the exit code: 0 done, 1 failed, 2 wrong usage. */
export async function run(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: Output,
): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.action === 'help') {
    io.out(USAGE);
    return 0;
  }
  const config = loadConfig(commonEnvSchema, env);
  const messaging = await connectMessaging({
    url: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    name: 'dead-letters',
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
  });
  try {
    const store = messaging.deadLetters;
    if (command.action === 'counts') {
      const counts = await store.counts();
      if (counts.length === 0) io.out('no dead letters and no parked messages');
      for (const c of counts.sort((a, b) => a.consumer.localeCompare(b.consumer)))
        io.out(`${c.consumer}\t${c.kind}\t${c.count}`);
      return 0;
    }
    const durable = durableName(command.consumer, config.NATS_NAMESPACE);
    if (command.action === 'list') {
      const letters = await store.list(durable, command.selection);
      if (command.json) for (const l of letters) io.out(JSON.stringify(l));
      else {
        if (letters.length === 0) io.out(`${durable}: none`);
        for (const l of letters) io.out(lineOf(l));
      }
      return 0;
    }
    if (command.action === 'replay') {
      io.out(`${durable}: ${await store.replay(durable, command.selection)} replayed`);
      return 0;
    }
    io.out(`${durable}: ${await store.drop(durable, command.selection)} dropped`);
    return 0;
  } finally {
    await messaging.close();
  }
}

/** One dead letter on one line: seq, kind, when, deliveries/failures, what it is, where from, why. */
export function lineOf(l: DeadLetter): string {
  const what = l.type ? `${l.type} v${l.version ?? '?'} ${l.messageId ?? ''}`.trim() : '(not an envelope)';
  return [
    `#${l.seq}`,
    l.kind,
    l.at,
    `deliveries=${l.deliveryCount} failures=${l.failures}`,
    what,
    `from ${l.subject} (seq ${l.originalSeq})`,
    l.error,
  ].join('  ');
}
