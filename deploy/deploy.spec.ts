import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { loadAll, load } from 'js-yaml';
import {
  analyticsEnvSchema,
  broadcastEnvSchema,
  dialogEnvSchema,
  gatewayEnvSchema,
  handoffEnvSchema,
  loadConfig,
} from '@citizen-desk/config';
import { renderKustomization } from './kustomize-render';

/**
 * The manifests are what an ops team applies without reading the code, so a missing probe, a wrong
 * port or a stray secret must fail here rather than in their cluster.
 */
const repoRoot = join(__dirname, '..');
const deployRoot = __dirname;

type Manifest = { apiVersion?: string; kind?: string; metadata?: { name?: string }; [k: string]: unknown };
// A loose view of the parts of Kubernetes objects the assertions read.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Loose = any;

const services = [
  { name: 'gateway', port: 3000, portVar: 'GATEWAY_PORT', maxReplicas: 20, schema: gatewayEnvSchema },
  { name: 'dialog', port: 3001, portVar: 'DIALOG_PORT', maxReplicas: 10, schema: dialogEnvSchema },
  { name: 'handoff', port: 3002, portVar: 'HANDOFF_PORT', maxReplicas: 10, schema: handoffEnvSchema },
  { name: 'broadcast', port: 3003, portVar: 'BROADCAST_PORT', maxReplicas: 10, schema: broadcastEnvSchema },
  { name: 'analytics', port: 3004, portVar: 'ANALYTICS_PORT', maxReplicas: 10, schema: analyticsEnvSchema },
] as const;

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

function documentsOf(file: string): Manifest[] {
  return loadAll(readFileSync(file, 'utf8')).filter((d): d is Manifest => d !== null && d !== undefined);
}

function kustomizationAt(dir: string): Loose {
  return load(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
}

/** The objects a kustomization directory contributes, following directory resources recursively. */
function resourcesOf(dir: string): Manifest[] {
  const kustomization = kustomizationAt(dir);
  return (kustomization.resources as string[]).flatMap((resource) => {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`${relative(repoRoot, dir)} lists missing resource ${resource}`);
    return statSync(path).isDirectory() ? resourcesOf(path) : documentsOf(path);
  });
}

const baseResources = resourcesOf(join(deployRoot, 'base'));

function find(kind: string, name: string): Loose {
  const found = baseResources.filter((r) => r.kind === kind && r.metadata?.name === name);
  expect(found).toHaveLength(1);
  return found[0];
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A probe's port may be a number or the name of a container port. */
function probePort(container: Loose, port: number | string): number {
  if (typeof port === 'number') return port;
  return container.ports.find((p: Loose) => p.name === port).containerPort;
}

/** Resolves compose's `${VAR:-default}` the way compose does when VAR is not set. */
function withComposeDefaults(env: Record<string, string | null>): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v === null
        ? undefined
        : v
            // A required variable (`${VAR:?message}`): what an operator would set.
            .replace(/\$\{[A-Z0-9_]+:\?[^}]*\}/g, 'set-by-the-operator')
            .replace(/\$\{[A-Z0-9_]+(?::?-([^}]*))?\}/g, (_m, d: string | undefined) => d ?? ''),
    ]),
  );
}

const configMap = find('ConfigMap', 'citizen-desk-config');
const secretTemplates = documentsOf(join(deployRoot, 'base/secret.example.yaml')) as Loose[];
const secretTemplate = secretTemplates[0];

describe('deploy/ YAML', () => {
  it('parses every file', () => {
    const files = yamlFilesUnder(deployRoot);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(() => documentsOf(file)).not.toThrow();
  });

  it('lists only existing resources and patches in every kustomization', () => {
    const kustomizations = yamlFilesUnder(deployRoot).filter((f) => f.endsWith('kustomization.yaml'));
    expect(kustomizations.length).toBeGreaterThanOrEqual(3);
    for (const file of kustomizations) {
      const dir = dirname(file);
      const k = kustomizationAt(dir);
      expect(Array.isArray(k.resources)).toBe(true);
      for (const r of k.resources as string[]) expect(existsSync(join(dir, r))).toBe(true);
      for (const p of (k.patches ?? []) as Array<{ path?: string }>) {
        if (p.path) expect(existsSync(join(dir, p.path))).toBe(true);
      }
    }
  });

  it('builds both overlays on top of the base', () => {
    for (const overlay of ['production', 'local']) {
      const resources = resourcesOf(join(deployRoot, 'overlays', overlay));
      expect(resources.filter((r) => r.kind === 'Deployment').length).toBeGreaterThanOrEqual(5);
    }
  });

  it('puts everything in the citizen-desk namespace', () => {
    expect(kustomizationAt(join(deployRoot, 'base')).namespace).toBe('citizen-desk');
    expect(find('Namespace', 'citizen-desk')).toBeDefined();
  });
});

describe('secrets', () => {
  it('keeps no Secret with data among the resources, and no generated literals', () => {
    const dirs = [
      join(deployRoot, 'base'),
      join(deployRoot, 'overlays/production'),
      join(deployRoot, 'overlays/local'),
    ];
    for (const dir of dirs) {
      for (const secret of resourcesOf(dir).filter((r) => r.kind === 'Secret')) {
        expect((secret as Loose).data ?? (secret as Loose).stringData).toBeUndefined();
      }
    }
    for (const file of yamlFilesUnder(deployRoot).filter((f) => f.endsWith('kustomization.yaml'))) {
      const k = kustomizationAt(dirname(file));
      expect(k.secretGenerator).toBeUndefined();
      expect((k.resources as string[]).some((r) => r.includes('secret.example'))).toBe(false);
    }
  });

  it('templates every secret key the manifests refer to, with placeholders only', () => {
    for (const template of secretTemplates)
      for (const v of Object.values(template.stringData) as string[]) expect(v).toContain('REPLACE_ME');
    const referenced = JSON.stringify(baseResources).match(/"secretKeyRef":\{[^}]*\}/g) ?? [];
    expect(referenced.length).toBeGreaterThan(0);
    for (const ref of referenced) {
      const { name, key } = JSON.parse(ref.slice('"secretKeyRef":'.length));
      const template = secretTemplates.find((t) => t.metadata.name === name);
      expect(template).toBeDefined();
      expect(Object.keys(template.stringData)).toContain(key);
    }
  });

  it('gives the staff token signing key to handoff only', () => {
    const holders = baseResources
      .filter((r) => JSON.stringify(r).includes('citizen-desk-staff-signing-key'))
      .map((r) => `${r.kind}/${r.metadata?.name}`);
    expect(holders).toEqual(['Deployment/handoff']);
    expect(Object.keys(secretTemplate.stringData)).not.toContain('STAFF_TOKEN_PRIVATE_KEY');
  });

  it('makes the broker ask every service for its own credentials from a Secret (deploy/nats-auth.spec.ts)', () => {
    const natsConf = find('ConfigMap', 'nats-config').data['nats.conf'] as string;
    expect(natsConf).toMatch(/authorization \{\s*users: \[/);
    expect(natsConf).toContain('password: $NATS_PASSWORD_GATEWAY');
    const env = find('StatefulSet', 'nats').spec.template.spec.containers[0].env as Loose[];
    expect(env.find((e) => e.name === 'NATS_PASSWORD_GATEWAY').valueFrom.secretKeyRef.name).toBe(
      'citizen-desk-nats',
    );
  });
});

describe.each(services)('$name on Kubernetes', ({ name, port, portVar, maxReplicas, schema }) => {
  const deployment = find('Deployment', name);
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];

  it('runs its own entry point on its port', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container.image).toBe('citizen-desk:latest');
    expect([...(container.command ?? []), ...(container.args ?? [])].join(' ')).toContain(
      `services/${name}/dist/main.js`,
    );
    expect(container.ports.map((p: Loose) => p.containerPort)).toContain(port);
    expect(container.env).toContainEqual({ name: portVar, value: String(port) });
  });

  it('probes liveness, readiness and start-up on the service port', () => {
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(probePort(container, container.livenessProbe.httpGet.port)).toBe(port);
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(probePort(container, container.readinessProbe.httpGet.port)).toBe(port);
    expect(container.startupProbe.httpGet).toBeDefined();
    expect(probePort(container, container.startupProbe.httpGet.port)).toBe(port);
  });

  it('declares resource requests and limits', () => {
    expect(container.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
    expect(container.resources.limits).toEqual({ cpu: expect.anything(), memory: expect.anything() });
  });

  it('runs as non-root on a read-only file system and drains before SIGKILL', () => {
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(pod.spec.terminationGracePeriodSeconds).toBe(30);
    expect(container.lifecycle.preStop.exec.command).toEqual(['sleep', expect.any(String)]);
    const drainMs =
      Number(configMap.data.SHUTDOWN_TIMEOUT_MS) + Number(container.lifecycle.preStop.exec.command[1]) * 1000;
    expect(drainMs).toBeLessThan(pod.spec.terminationGracePeriodSeconds * 1000);
  });

  it('reads the shared ConfigMap and Secret, and is scraped by Prometheus', () => {
    expect(container.envFrom).toEqual(
      expect.arrayContaining([
        { configMapRef: { name: 'citizen-desk-config' } },
        { secretRef: { name: 'citizen-desk-secrets' } },
      ]),
    );
    expect(pod.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(port),
      'prometheus.io/path': '/metrics',
    });
  });

  it('starts with the ConfigMap plus the Secret template (its config schema accepts them)', () => {
    const env = {
      ...configMap.data,
      DATABASE_URL: 'postgres://citizen_desk:x@postgres:5432/citizen_desk',
      VIBER_AUTH_TOKEN: 'token',
      [portVar]: String(port),
    };
    const config: Record<string, unknown> = loadConfig(schema, env);
    expect(config[portVar]).toBe(port);
  });

  it('has a Service routing to the pods', () => {
    const service = find('Service', name);
    expect(selectorMatches(service.spec.selector, pod.metadata.labels)).toBe(true);
    const target = service.spec.ports[0].targetPort;
    expect(probePort(container, target)).toBe(port);
  });

  it('has a PodDisruptionBudget keeping one pod', () => {
    const pdb = find('PodDisruptionBudget', name);
    expect(pdb.spec.minAvailable).toBe(1);
    expect(selectorMatches(pdb.spec.selector.matchLabels, pod.metadata.labels)).toBe(true);
  });

  it('has a HorizontalPodAutoscaler on CPU targeting the Deployment', () => {
    const hpa = find('HorizontalPodAutoscaler', name);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(maxReplicas);
    expect(hpa.spec.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
    });
  });
});

describe('the rest of the cluster', () => {
  it('gives the gateway its webhook URL from the ConfigMap', () => {
    const gateway = find('Deployment', 'gateway').spec.template.spec.containers[0];
    const ref = gateway.env.find((e: Loose) => e.name === 'VIBER_WEBHOOK_URL').valueFrom.configMapKeyRef;
    expect(ref.name).toBe('citizen-desk-config');
    expect(configMap.data[ref.key]).toMatch(/^https:\/\/.+\/viber\/webhook$/);
  });

  it('runs NATS as a three-node JetStream cluster on persistent volumes', () => {
    const nats = find('StatefulSet', 'nats');
    expect(nats.spec.replicas).toBe(3);
    expect(nats.spec.volumeClaimTemplates[0].metadata.name).toBe('data');
    const conf: string = find('ConfigMap', 'nats-config').data['nats.conf'];
    expect(conf).toMatch(/jetstream\s*\{[^}]*store_dir:\s*\/data/);
    for (let i = 0; i < 3; i++) expect(conf).toContain(`nats://nats-${i}.${nats.spec.serviceName}:6222`);
    expect(find('Service', nats.spec.serviceName).spec.clusterIP).toBe('None');
    expect(configMap.data.NATS_URL).toBe('nats://nats:4222');
  });

  it('replicates streams on all three NATS nodes in production', () => {
    const production = renderKustomization(join(deployRoot, 'overlays/production')) as Loose[];
    const nats = production.find((r) => r.kind === 'StatefulSet' && r.metadata.name === 'nats');
    expect(nats.spec.replicas).toBe(3);
    const config = production.find(
      (r) => r.kind === 'ConfigMap' && r.metadata.name === 'citizen-desk-config',
    );
    expect(config.data.NATS_REPLICAS).toBe('3');
    // A stream with 3 replicas needs a JetStream quorum: the PDB keeps two of the three nodes up.
    expect(
      production.find((r) => r.kind === 'PodDisruptionBudget' && r.metadata.name === 'nats').spec,
    ).toEqual(expect.objectContaining({ maxUnavailable: 1 }));
  });

  it('runs production PostgreSQL as a CloudNativePG cluster of 3 with nightly backups to object storage', () => {
    const production = renderKustomization(join(deployRoot, 'overlays/production')) as Loose[];
    const byKind = (kind: string) => production.filter((r) => r.kind === kind);
    expect(byKind('StatefulSet').map((r) => r.metadata.name)).toEqual(['nats']);
    expect(production.some((r) => r.kind === 'Service' && r.metadata.name === 'postgres')).toBe(false);
    const [cluster] = byKind('Cluster');
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.spec.instances).toBe(3);
    expect(cluster.spec.minSyncReplicas).toBeGreaterThanOrEqual(1);
    expect(cluster.spec.affinity.podAntiAffinityType).toBe('required');
    expect(cluster.spec.bootstrap.initdb.database).toBe('citizen_desk');
    expect(cluster.spec.backup.barmanObjectStore.destinationPath).toMatch(/^s3:\/\//);
    const [backup] = byKind('ScheduledBackup');
    expect(backup.spec.cluster.name).toBe(cluster.metadata.name);
    expect(backup.spec.method).toBe('barmanObjectStore');
    // Every Secret the cluster reads is templated in secrets.example.yaml, with placeholders only.
    const templates = documentsOf(join(deployRoot, 'overlays/production/secrets.example.yaml')) as Loose[];
    const refs = JSON.stringify(cluster.spec).match(/"name":"[^"]+","key":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const { name, key } = JSON.parse(`{${ref}}`);
      expect(templates.find((t) => t.metadata.name === name)?.stringData).toHaveProperty(key);
    }
    const app = templates.find((t) => t.metadata.name === cluster.spec.bootstrap.initdb.secret.name);
    expect(app.type).toBe('kubernetes.io/basic-auth');
    expect(app.stringData.username).toBe(cluster.spec.bootstrap.initdb.owner);
  });

  it('points the local overlay at the simulator, with no webhook to register', () => {
    const local = kustomizationAt(join(deployRoot, 'overlays/local'));
    const patch = documentsOf(join(deployRoot, 'overlays/local/config.patch.yaml'))[0] as Loose;
    expect(patch.data.VIBER_API_URL).toBe('http://viber-simulator:3011/pa');
    const removals = (local.patches as Loose[]).filter((p) => p.target?.name === 'citizen-desk-config');
    expect(removals.map((p) => p.patch).join('\n')).toContain('path: /data/VIBER_WEBHOOK_URL');
    const simulator = resourcesOf(join(deployRoot, 'overlays/local')).find(
      (r) => r.kind === 'Deployment' && r.metadata?.name === 'viber-simulator',
    ) as Loose;
    expect(simulator.spec.template.spec.containers[0].command.join(' ')).toContain(
      'tools/viber-simulator/dist/main.js',
    );
  });

  it('runs PostgreSQL with a volume and its password from the Secret', () => {
    const postgres = find('StatefulSet', 'postgres');
    expect(postgres.spec.volumeClaimTemplates).toHaveLength(1);
    const password = postgres.spec.template.spec.containers[0].env.find(
      (e: Loose) => e.name === 'POSTGRES_PASSWORD',
    );
    expect(password.valueFrom.secretKeyRef.name).toBe('citizen-desk-secrets');
  });

  it('runs an OpenTelemetry collector where the services send traces', () => {
    find('Deployment', 'otel-collector');
    const port = new URL(configMap.data.OTEL_EXPORTER_OTLP_ENDPOINT).port;
    const service = find('Service', 'otel-collector');
    expect(service.spec.ports.map((p: Loose) => String(p.port))).toContain(port);
  });

  it('exposes the webhook over TLS on exactly its path', () => {
    const ingress = find('Ingress', 'viber-webhook');
    expect(ingress.spec.tls[0].hosts).toContain(ingress.spec.rules[0].host);
    expect(ingress.spec.rules[0].http.paths).toEqual([
      expect.objectContaining({ path: '/viber/webhook', pathType: 'Exact' }),
    ]);
    expect(ingress.spec.rules[0].http.paths[0].backend.service.name).toBe('gateway');
  });
});

describe('docker-compose.yml', () => {
  const compose = load(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as Loose;

  it('defines the infrastructure with health checks', () => {
    expect(compose.services.postgres.image).toMatch(/^postgres:15/);
    expect(compose.services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(compose.services.nats.command.join(' ')).toContain('--config /etc/nats/nats.conf');
    expect(compose.services.nats.healthcheck.test.join(' ')).toContain('8222/healthz');
    expect(compose.services.jaeger.environment.COLLECTOR_OTLP_ENABLED).toBe('true');
  });

  it('gives the OpenTelemetry collector the ops/ pipeline, OTLP/HTTP in and Jaeger out', () => {
    const collector = compose.services['otel-collector'];
    expect(collector.volumes[0]).toMatch(/^\.\/ops\/otel-collector\.yaml:/);
    const pipeline = load(readFileSync(join(repoRoot, 'ops/otel-collector.yaml'), 'utf8')) as Loose;
    expect(pipeline.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(pipeline.exporters['otlp/jaeger'].endpoint).toBe('jaeger:4317');
    expect(pipeline.service.pipelines.traces.exporters).toContain('otlp/jaeger');
  });

  it.each(services)(
    'runs $name from the image with a readiness health check',
    ({ name, port, portVar, schema }) => {
      const service = compose.services[name];
      expect(service.image).toBe('citizen-desk:latest');
      expect(service.environment.SERVICE).toBe(name);
      expect(service.ports).toContain(`${port}:${port}`);
      expect(service.healthcheck.test.join(' ')).toContain(`http://127.0.0.1:${port}/health/ready`);
      expect(service.depends_on.postgres.condition).toBe('service_healthy');
      expect(service.depends_on.nats.condition).toBe('service_healthy');
      const config: Record<string, unknown> = loadConfig(schema, withComposeDefaults(service.environment));
      expect(config[portVar]).toBe(port);
      expect(config.NATS_URL).toBe('nats://nats:4222');
      expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    },
  );

  it('takes every secret from the environment, without a fallback written in the file', () => {
    const text = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
    for (const name of [
      'VIBER_AUTH_TOKEN',
      'POSTGRES_PASSWORD',
      'NATS_PASSWORD_GATEWAY',
      'NATS_PASSWORD_DIALOG',
      'NATS_PASSWORD_HANDOFF',
      'NATS_PASSWORD_BROADCAST',
      'NATS_PASSWORD_ANALYTICS',
      'STAFF_TOKEN_PRIVATE_KEY',
    ]) {
      const uses = text.match(new RegExp(`\\$\\{${name}[^}]*\\}`, 'g')) ?? [];
      expect([name, uses.length > 0]).toEqual([name, true]);
      for (const use of uses) expect(use).toMatch(new RegExp(`^\\$\\{${name}(:\\?[^}]*)?\\}$`));
    }
    expect(text).not.toMatch(/STAFF_TOKEN_SECRET/);
    expect(compose.services.handoff.environment.STAFF_ADMIN_PASSWORD).toBeNull();
    for (const name of ['gateway', 'dialog', 'broadcast', 'analytics'])
      expect(compose.services[name].environment.STAFF_TOKEN_PRIVATE_KEY).toBeUndefined();
    const gateway = compose.services.gateway.environment;
    expect(withComposeDefaults(gateway).VIBER_API_URL).toBe('http://viber-simulator:3011/pa');
  });

  it('keeps PostgreSQL, NATS, Jaeger and the collector off the network: no port published beyond 127.0.0.1', () => {
    for (const name of ['postgres', 'nats', 'jaeger', 'otel-collector']) {
      const ports = (compose.services[name].ports ?? []) as Array<string | Loose>;
      for (const port of ports) {
        // Short syntax `127.0.0.1:host:container`, or the long one with host_ip.
        if (typeof port === 'string')
          expect([name, port]).toEqual([name, expect.stringMatching(/^127\.0\.0\.1:/)]);
        else expect([name, port.host_ip]).toEqual([name, '127.0.0.1']);
      }
      // Nobody outside reaches them through a network other than compose's own.
      expect(compose.services[name].network_mode).toBeUndefined();
    }
    expect(compose.services.postgres.ports).toEqual(['127.0.0.1:5432:5432']);
    expect(compose.services.nats.ports).toEqual(['127.0.0.1:4222:4222']);
  });

  it('offers the Viber simulator under its own profile', () => {
    const simulator = compose.services['viber-simulator'];
    expect(simulator.profiles).toEqual(['simulator']);
    expect(simulator.command.join(' ')).toContain('tools/viber-simulator/dist/main.js');
    expect(simulator.environment.GATEWAY_WEBHOOK_URL).toBe('http://gateway:3000/viber/webhook');
    expect(simulator.ports).toEqual(expect.arrayContaining(['3010:3010', '3011:3011']));
  });
});
