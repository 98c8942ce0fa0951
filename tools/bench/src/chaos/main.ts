import { parseChaosOptions, USAGE } from './options';
import { anythingLost, campaignTable, questionsTable } from './report';
import { runChaos } from './suite';

/**
 * npm run chaos: fault injection on one machine, against the suite's own PostgreSQL and NATS. Prints a
 * table per kind of scenario and exits non-zero when anything acknowledged was lost.
 */
async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let o;
  try {
    o = parseChaosOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const result = await runChaos(o);
  if (result.questions.length > 0) process.stdout.write(`\n${questionsTable(result.questions)}\n`);
  if (result.campaigns.length > 0) process.stdout.write(`\n${campaignTable(result.campaigns)}\n`);
  const lost = anythingLost(result.questions, result.campaigns);
  process.stdout.write(lost ? '\nchaos: something was LOST\n' : '\nchaos: nothing lost\n');
  return lost ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`chaos failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
