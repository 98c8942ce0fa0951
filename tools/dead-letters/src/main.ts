import { run } from './run';

/** `npm run dead-letters -- list|replay|drop <consumer>`: see command.ts for the usage. */
run(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
})
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    process.stderr.write(`dead-letters: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
