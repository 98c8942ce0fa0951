import { createPrivateKey, JsonWebKey } from 'node:crypto';
import { ConfigError } from './config-error';

/**
 * Every value of a secret that was ever written in this repository — code defaults, docker-compose,
 * deploy/ templates, docs and tests. They are public: production refuses to start with any of them
 * (`secrets.spec.ts` scans the repository and fails when a new one appears without being listed here).
 */
export const PUBLIC_SECRET_VALUES: readonly string[] = [
  // code defaults of earlier versions
  'dev-staff-token-secret-not-for-production-use',
  'local-simulator-token-not-a-secret',
  // docker-compose.yml, before secrets came only from the environment
  'local-compose-staff-token-secret-not-for-production',
  'postgres',
  // deploy/base/secret.example.yaml and docs/operations.md placeholders
  'REPLACE_ME',
  '<password>',
  // tests and benchmarks
  'e2e-test-token',
  'bench-viber-token',
  // what people type when asked for a secret
  'secret',
  'password',
  'changeme',
  'change-me',
];

/** The smallest amount of randomness a production secret must carry. */
export const MIN_SECRET_BYTES = 32;

/** Bytes of randomness a secret string can carry at most, by its alphabet: hex, base64(url), or raw text. */
export function secretStrength(value: string): number {
  if (/^[0-9a-f]+$/i.test(value)) return Math.floor(value.length / 2);
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return Math.floor((value.replace(/=+$/, '').length * 6) / 8);
  return Buffer.byteLength(value, 'utf8');
}

function isPublic(value: string): boolean {
  const v = value.trim().toLowerCase();
  return PUBLIC_SECRET_VALUES.some((known) => known.toLowerCase() === v);
}

/** What is wrong with a production secret, or undefined when it will do. */
export function secretProblem(value: string | undefined, minBytes = MIN_SECRET_BYTES): string | undefined {
  if (value === undefined || value.trim() === '') return 'required in production';
  if (isPublic(value)) return 'is a value written in the repository, hence public; generate a new one';
  if (new Set(value).size < 8) return 'is not random (too few distinct characters)';
  if (secretStrength(value) < minBytes)
    return `is too short: at least ${minBytes} random bytes (e.g. \`openssl rand -hex ${minBytes}\`)`;
  return undefined;
}

function passwordOfUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.password ? decodeURIComponent(parsed.password) : undefined;
  } catch {
    return undefined;
  }
}

/** The raw private scalar of an Ed25519 key in PEM or JWK form; undefined when unreadable. */
function privateKeyBytes(text: string): Buffer | undefined {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(trimmed) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(trimmed.replace(/\\n/g, '\n'));
    if (key.asymmetricKeyType !== 'ed25519') return undefined;
    return Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
  } catch {
    return undefined;
  }
}

/** The secrets a service runs with, read from its configuration (keys absent from a service's schema are skipped). */
export interface SecretsInput {
  NODE_ENV: string;
  DATABASE_URL?: string;
  NATS_USER?: string;
  NATS_PASSWORD?: string;
  VIBER_AUTH_TOKEN?: string;
  STAFF_TOKEN_PRIVATE_KEY?: string;
  OPEN311_API_KEY?: string;
}

/** Which secrets each service needs in production. */
const REQUIRED: Record<string, Array<keyof SecretsInput>> = {
  gateway: ['VIBER_AUTH_TOKEN'],
  handoff: ['STAFF_TOKEN_PRIVATE_KEY'],
};

/** Every problem with the secrets of `service`, named by variable; empty outside production. */
export function productionSecretProblems(service: string, config: SecretsInput): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const check = (name: string, value: string | undefined, minBytes?: number) => {
    const problem = secretProblem(value, minBytes);
    if (problem) problems.push(`${name}: ${problem}`);
  };
  check('DATABASE_URL (its password)', config.DATABASE_URL ? passwordOfUrl(config.DATABASE_URL) : undefined);
  if (!config.NATS_USER)
    problems.push('NATS_USER: required in production (the broker must ask for credentials)');
  check('NATS_PASSWORD', config.NATS_PASSWORD);
  for (const name of REQUIRED[service] ?? []) {
    if (name === 'STAFF_TOKEN_PRIVATE_KEY') {
      const text = config.STAFF_TOKEN_PRIVATE_KEY;
      if (!text) {
        problems.push(
          'STAFF_TOKEN_PRIVATE_KEY: required in production (`openssl genpkey -algorithm ed25519`, PEM or JWK)',
        );
        continue;
      }
      const raw = privateKeyBytes(text);
      if (!raw) problems.push('STAFF_TOKEN_PRIVATE_KEY: not an Ed25519 private key (PKCS#8 PEM or JWK)');
      else if (
        isPublic(text) ||
        [raw.toString('hex'), raw.toString('base64url'), raw.toString('base64')].some(isPublic) ||
        raw.length < MIN_SECRET_BYTES
      )
        problems.push(
          'STAFF_TOKEN_PRIVATE_KEY: is a key written in the repository or too short; generate a new one',
        );
      continue;
    }
    check(name, config[name]);
  }
  if (config.OPEN311_API_KEY !== undefined) check('OPEN311_API_KEY', config.OPEN311_API_KEY);
  return problems;
}

/** Stops a production start with a missing, short or public secret, naming every one at once. */
export function assertProductionSecrets(service: string, config: SecretsInput): void {
  const problems = productionSecretProblems(service, config);
  if (problems.length > 0) throw new ConfigError(problems);
}
