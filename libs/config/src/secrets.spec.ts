import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  assertProductionSecrets,
  productionSecretProblems,
  PUBLIC_SECRET_VALUES,
  secretProblem,
  SecretsInput,
} from './secrets';

const repoRoot = join(__dirname, '..', '..', '..');
const strong = () => randomBytes(32).toString('hex');
const ed25519Pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

function production(overrides: Partial<SecretsInput> = {}): SecretsInput {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: `postgres://citizen_desk:${strong()}@db:5432/citizen_desk`,
    NATS_USER: 'citizen_desk',
    NATS_PASSWORD: strong(),
    VIBER_AUTH_TOKEN: strong(),
    STAFF_TOKEN_PRIVATE_KEY: ed25519Pem(),
    ...overrides,
  };
}

describe('production secrets', () => {
  it('accept random secrets of 32 bytes and more', () => {
    for (const service of ['gateway', 'dialog', 'handoff', 'broadcast', 'analytics'])
      expect(productionSecretProblems(service, production())).toEqual([]);
    expect(secretProblem(randomBytes(32).toString('base64url'))).toBeUndefined();
  });

  it('are not checked outside production', () => {
    expect(productionSecretProblems('gateway', { NODE_ENV: 'development' })).toEqual([]);
  });

  it('refuse a missing Viber token in the gateway, and a missing signing key in handoff', () => {
    expect(productionSecretProblems('gateway', production({ VIBER_AUTH_TOKEN: undefined }))).toEqual([
      'VIBER_AUTH_TOKEN: required in production',
    ]);
    expect(productionSecretProblems('handoff', production({ STAFF_TOKEN_PRIVATE_KEY: undefined }))).toEqual([
      expect.stringMatching(/^STAFF_TOKEN_PRIVATE_KEY: required in production/),
    ]);
    expect(() => assertProductionSecrets('gateway', production({ VIBER_AUTH_TOKEN: undefined }))).toThrow(
      /VIBER_AUTH_TOKEN/,
    );
  });

  it('refuse short, repetitive and database or broker credentials that are missing', () => {
    expect(secretProblem(randomBytes(31).toString('hex'))).toMatch(/too short/);
    expect(secretProblem('a'.repeat(100))).toMatch(/not random/);
    expect(productionSecretProblems('dialog', production({ DATABASE_URL: 'postgres://u@db/x' }))).toEqual([
      'DATABASE_URL (its password): required in production',
    ]);
    expect(
      productionSecretProblems('dialog', production({ NATS_USER: undefined, NATS_PASSWORD: undefined })),
    ).toEqual([expect.stringMatching(/^NATS_USER/), 'NATS_PASSWORD: required in production']);
  });

  it('refuse every value written in the repository, whatever the case', () => {
    for (const value of PUBLIC_SECRET_VALUES) {
      expect(secretProblem(value)).toBeDefined();
      expect(secretProblem(value.toUpperCase())).toBeDefined();
    }
    expect(
      productionSecretProblems('dialog', production({ DATABASE_URL: 'postgres://postgres:postgres@db/x' })),
    ).toEqual([expect.stringMatching(/written in the repository/)]);
  });

  it('refuse a signing key that is not an Ed25519 private key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    for (const key of [rsa, 'REPLACE_ME', strong()])
      expect(productionSecretProblems('handoff', production({ STAFF_TOKEN_PRIVATE_KEY: key }))).toEqual([
        expect.stringMatching(/^STAFF_TOKEN_PRIVATE_KEY: not an Ed25519 private key/),
      ]);
  });
});

/**
 * The repository's files that configure a running platform: a secret-looking value written in them
 * (a fallback, a placeholder, a test token) must be in PUBLIC_SECRET_VALUES, so production refuses it.
 */
function configurationFiles(dir = repoRoot): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (['node_modules', 'dist', 'dist-bench', '.git', 'coverage'].includes(entry)) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return configurationFiles(path);
    const rel = relative(repoRoot, path);
    const interesting =
      /(^|\/)docker-compose[^/]*\.ya?ml$/.test(rel) ||
      /^deploy\/.*\.ya?ml$/.test(rel) ||
      /(^|\/)\.env[^/]*$/.test(rel) ||
      /^docs\/.*\.md$/.test(rel) ||
      /^(libs|services|tools|tests)\/.*\.ts$/.test(rel);
    return interesting ? [path] : [];
  });
}

const SECRET_NAMES = [
  'VIBER_AUTH_TOKEN',
  'NATS_PASSWORD',
  'POSTGRES_PASSWORD',
  'STAFF_TOKEN_SECRET',
  'STAFF_TOKEN_PRIVATE_KEY',
  'OPEN311_API_KEY',
];

/** `NAME: value`, `NAME=value`, `NAME: ${NAME:-fallback}` and URL passwords `scheme://user:password@`. */
function writtenSecrets(text: string): string[] {
  const found: string[] = [];
  for (const name of SECRET_NAMES) {
    const assignment = new RegExp(`${name}['"]?\\s*[:=]\\s*['"]?([^'"\\s,}]+)`, 'g');
    for (const m of text.matchAll(assignment)) {
      const value = m[1];
      const fallback = /^\$\{[A-Z_]+:?-(.+)\}$/.exec(value);
      if (fallback) found.push(fallback[1]);
      else if (!value.startsWith('$') && !value.startsWith('<') && !/^[a-z]+\.[A-Za-z_.]+/.test(value))
        found.push(value);
    }
  }
  for (const m of text.matchAll(/\b(?:postgres|postgresql|nats):\/\/[^:/@\s'"]+:([^@\s'"]+)@/g)) {
    if (!m[1].startsWith('$')) found.push(m[1]);
  }
  return found;
}

describe('the list of public secret values', () => {
  it('holds every secret value written in the repository’s configuration, docs and code', () => {
    const unlisted: string[] = [];
    const files = configurationFiles();
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      if (file.endsWith('secrets.spec.ts')) continue;
      for (const value of writtenSecrets(readFileSync(file, 'utf8')))
        if (secretProblem(value) === undefined) unlisted.push(`${relative(repoRoot, file)}: ${value}`);
    }
    expect(unlisted).toEqual([]);
  });
});
