import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { STAFF_KEYS_BUCKET, STAFF_REVOCATIONS_BUCKET } from '@citizen-desk/auth';
import {
  NATS_SERVICES,
  natsAuthorizationConfig,
  natsPasswordVariableOf,
  STAFF_KEYS_BUCKET_NAME,
  STAFF_REVOCATIONS_BUCKET_NAME,
} from '@citizen-desk/messaging';
import { renderKustomization } from './kustomize-render';

/**
 * The NATS servers' authorization (Kubernetes and docker compose) is generated from the permissions
 * table in libs/messaging/src/nats-permissions.ts, which libs/messaging's integration test enforces
 * on a real nats-server: here, that what is committed is what the table says, and that each service
 * signs in as its own user with only its own password.
 * `UPDATE_NATS_AUTH=1 npx jest deploy/nats-auth.spec.ts` rewrites the generated blocks.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const repoRoot = join(__dirname, '..');
const BEGIN = '# BEGIN generated authorization';
const END = '# END generated authorization';
const update = process.env.UPDATE_NATS_AUTH === '1';

/** The generated block of a file (dedented), rewritten first under UPDATE_NATS_AUTH=1. */
function generatedBlock(file: string, expected: string): string {
  let text = readFileSync(file, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${file}: no "${BEGIN}" … "${END}" markers`);
  const lineStart = text.lastIndexOf('\n', begin) + 1;
  const indent = text.slice(lineStart, begin);
  const bodyStart = begin + BEGIN.length + 1;
  const bodyEnd = text.lastIndexOf('\n', end) + 1;
  if (update) {
    const body = expected
      .split('\n')
      .map((l) => (l ? indent + l : l))
      .join('\n');
    text = text.slice(0, bodyStart) + body + '\n' + text.slice(bodyEnd);
    writeFileSync(file, text);
    return expected;
  }
  return text
    .slice(bodyStart, bodyEnd)
    .split('\n')
    .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
    .join('\n')
    .replace(/\n$/, '');
}

const base = renderKustomization(join(__dirname, 'base')) as any[];
const find = (kind: string, name: string) =>
  base.find((o) => o.kind === kind && o.metadata.name === name) as any;
const namespace: string = find('ConfigMap', 'citizen-desk-config').data.NATS_NAMESPACE;
const compose = load(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as any;

describe('NATS authorization, generated from the permissions table', () => {
  it('uses the staff token buckets libs/auth uses', () => {
    expect([STAFF_KEYS_BUCKET_NAME, STAFF_REVOCATIONS_BUCKET_NAME]).toEqual([
      STAFF_KEYS_BUCKET,
      STAFF_REVOCATIONS_BUCKET,
    ]);
  });

  it('is what the Kubernetes NATS configuration holds', () => {
    const file = join(__dirname, 'base/nats/configmap.yaml');
    const expected = natsAuthorizationConfig({ namespace });
    expect(generatedBlock(file, expected)).toBe(expected);
    // The rendered ConfigMap carries it too (nothing between the file and the cluster changes it).
    expect(find('ConfigMap', 'nats-config').data['nats.conf']).toContain('user: dialog');
  });

  it('is what the docker compose NATS configuration holds', () => {
    const file = join(__dirname, 'compose/nats.conf');
    const expected = natsAuthorizationConfig({ namespace: compose['x-app-env'].NATS_NAMESPACE });
    expect(generatedBlock(file, expected)).toBe(expected);
    expect(compose.services.nats.volumes).toContain('./deploy/compose/nats.conf:/etc/nats/nats.conf:ro');
    expect(compose.services.nats.command).toEqual(['nats-server', '--config', '/etc/nats/nats.conf']);
    expect(readFileSync(file, 'utf8')).toMatch(/jetstream\s*\{\s*store_dir: \/data/);
  });

  it('gives the NATS servers every service password from the Secret citizen-desk-nats', () => {
    const env = find('StatefulSet', 'nats').spec.template.spec.containers[0].env as any[];
    for (const service of NATS_SERVICES) {
      const variable = natsPasswordVariableOf(service);
      expect(env.find((e) => e.name === variable)?.valueFrom.secretKeyRef).toEqual({
        name: 'citizen-desk-nats',
        key: variable,
      });
      expect(compose.services.nats.environment[variable]).toBe(
        `\${${variable}:?set ${variable} (n + openssl rand -hex 32)}`,
      );
    }
  });

  it.each(NATS_SERVICES)('signs %s in as its own user, with only its own password', (service) => {
    const container = find('Deployment', service).spec.template.spec.containers[0];
    const env = container.env as any[];
    expect(env).toContainEqual({ name: 'NATS_USER', value: service });
    expect(env.find((e) => e.name === 'NATS_PASSWORD').valueFrom.secretKeyRef).toEqual({
      name: 'citizen-desk-nats',
      key: natsPasswordVariableOf(service),
    });
    // No other password reaches the pod: the Secret is not loaded whole, nor another of its keys.
    expect(JSON.stringify(container.envFrom)).not.toContain('citizen-desk-nats');
    const others = NATS_SERVICES.filter((s) => s !== service).map(natsPasswordVariableOf);
    for (const other of others) expect(JSON.stringify(container)).not.toContain(other);
    expect(find('ConfigMap', 'citizen-desk-config').data.NATS_USER).toBeUndefined();

    const composed = compose.services[service].environment;
    expect(composed.NATS_USER).toBe(service);
    expect(composed.NATS_PASSWORD).toMatch(new RegExp(`^\\$\\{${natsPasswordVariableOf(service)}:\\?`));
    for (const other of others) expect(JSON.stringify(composed)).not.toContain(other);
  });
});
