import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { K8sObject, renderKustomization } from './kustomize-render';

/**
 * CI validation of the manifests: every overlay is rendered (deploy/kustomize-render.ts, checked
 * against `kubectl kustomize` where kubectl is installed) and every object validated offline against
 * the Kubernetes OpenAPI schemas of the npm package kubernetes-models, and the Prometheus Operator's
 * CRD schemas of @kubernetes-models/prometheus-operator. CloudNativePG publishes no npm schema
 * package: its two kinds are checked below against the fields of its v1 API that we use.
 */
const overlaysDir = join(__dirname, 'overlays');
const overlays = readdirSync(overlaysDir).sort();

function key(o: K8sObject): string {
  return `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function kubectlKustomize(dir: string): K8sObject[] | undefined {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return loadAll(out) as K8sObject[];
}

function validateOffline(objects: K8sObject[]): Array<{ kind: string; name: string; error: string }> {
  const out = execFileSync(process.execPath, [join(__dirname, 'validate-objects.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function cloudNativePgProblems(o: any): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) =>
    void (ok || problems.push(`${o.kind}/${o.metadata.name}: ${what}`));
  if (o.kind === 'Cluster') {
    need(
      Number.isInteger(o.spec?.instances) && o.spec.instances >= 1,
      'spec.instances must be an integer >= 1',
    );
    need(typeof o.spec?.storage?.size === 'string', 'spec.storage.size is required');
    need(typeof o.spec?.bootstrap?.initdb?.secret?.name === 'string', 'initdb.secret.name is required');
    const store = o.spec?.backup?.barmanObjectStore;
    need(/^s3:\/\/|^gs:\/\/|^https:\/\//.test(store?.destinationPath ?? ''), 'backup destinationPath');
    for (const ref of ['accessKeyId', 'secretAccessKey']) {
      need(typeof store?.s3Credentials?.[ref]?.name === 'string', `s3Credentials.${ref}.name`);
      need(typeof store?.s3Credentials?.[ref]?.key === 'string', `s3Credentials.${ref}.key`);
    }
    const allowed = new Set([
      'instances',
      'imageName',
      'primaryUpdateStrategy',
      'minSyncReplicas',
      'maxSyncReplicas',
      'postgresql',
      'bootstrap',
      'storage',
      'walStorage',
      'resources',
      'affinity',
      'monitoring',
      'backup',
    ]);
    for (const field of Object.keys(o.spec ?? {})) need(allowed.has(field), `unknown field spec.${field}`);
  } else if (o.kind === 'ScheduledBackup') {
    need(
      (o.spec?.schedule ?? '').split(' ').length === 6,
      'spec.schedule is a six-field cron (with seconds)',
    );
    need(typeof o.spec?.cluster?.name === 'string', 'spec.cluster.name is required');
    need(['barmanObjectStore', 'volumeSnapshot', 'plugin'].includes(o.spec?.method), 'spec.method');
  } else {
    problems.push(`${o.kind}: not a CloudNativePG kind we use`);
  }
  return problems;
}

describe.each(overlays)('overlay %s', (overlay) => {
  const dir = join(overlaysDir, overlay);
  const objects = renderKustomization(dir);

  it('renders, one object per kind and name', () => {
    expect(objects.length).toBeGreaterThan(20);
    expect(new Set(objects.map(key)).size).toBe(objects.length);
    for (const o of objects) {
      if (o.kind !== 'Namespace') expect(o.metadata.namespace).toBe('citizen-desk');
      expect(o.metadata.labels?.['app.kubernetes.io/part-of']).toBe('citizen-desk');
    }
  });

  it('renders as kubectl kustomize does (when kubectl is installed)', () => {
    const reference = kubectlKustomize(dir);
    if (!reference) return;
    const byKey = (list: K8sObject[]) => Object.fromEntries(list.map((o) => [key(o), o]));
    expect(byKey(objects)).toEqual(byKey(reference));
  });

  it('validates every object against the Kubernetes and CRD schemas, offline', () => {
    const cnpg = objects.filter((o) => o.apiVersion.startsWith('postgresql.cnpg.io/'));
    const rest = objects.filter((o) => !cnpg.includes(o));
    expect(validateOffline(rest)).toEqual([]);
    expect(cnpg.flatMap(cloudNativePgProblems)).toEqual([]);
  });

  it('has no Secret with data', () => {
    for (const o of objects.filter((x) => x.kind === 'Secret'))
      expect(o.data ?? o.stringData).toBeUndefined();
  });
});

describe('the validator', () => {
  it('rejects an object that breaks its schema', () => {
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 'two' },
    };
    const problems = validateOffline([bad as unknown as K8sObject]);
    expect(problems).toHaveLength(1);
    expect(problems[0].error).toContain('replicas must be integer');
  });

  it('rejects a kind it has no schema for', () => {
    const unknown = { apiVersion: 'example.org/v1', kind: 'Thing', metadata: { name: 'x' } };
    expect(validateOffline([unknown as K8sObject])).toHaveLength(1);
  });
});
