import { join } from 'node:path';
import { K8sObject, renderKustomization } from './kustomize-render';

/**
 * The NetworkPolicies, evaluated as Kubernetes does (a connection needs an egress allowance at the
 * source and an ingress allowance at the destination, once any policy selects the pod) over the pods
 * each overlay renders: what must connect does, and what must not does not.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const NAMESPACE = 'citizen-desk';
type Labels = Record<string, string>;

interface Pod {
  kind: 'pod';
  name: string;
  labels: Labels;
  ports: Record<string, number>;
}
/** A pod in another namespace (the ingress controller, Prometheus, DNS), or an address outside the cluster. */
type Outside = { kind: 'namespace'; namespace: string; labels?: Labels } | { kind: 'internet'; ip: string };
type Endpoint = Pod | Outside;

const matches = (selector: any, labels: Labels): boolean => {
  if (selector?.matchExpressions) throw new Error('matchExpressions: not evaluated by this test');
  return Object.entries((selector?.matchLabels ?? {}) as Labels).every(([k, v]) => labels[k] === v);
};

function ipv4(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}
function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(ip) / size) === Math.floor(ipv4(base) / size);
}

/** Does a policy peer (`from`/`to` entry) cover the endpoint? */
function peerCovers(peer: any, e: Endpoint): boolean {
  if (peer.ipBlock) {
    if (e.kind !== 'internet') return false;
    return (
      inCidr(e.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(e.ip, c))
    );
  }
  if (e.kind === 'internet') return false;
  const namespace = e.kind === 'pod' ? NAMESPACE : e.namespace;
  const labels = e.kind === 'pod' ? e.labels : (e.labels ?? {});
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, { 'kubernetes.io/metadata.name': namespace })) return false;
  } else if (namespace !== NAMESPACE) return false;
  return !peer.podSelector || matches(peer.podSelector, labels);
}

function portCovers(rulePorts: any[] | undefined, port: number, protocol: string, target: Endpoint): boolean {
  if (!rulePorts) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.port === port;
    return target.kind === 'pod' && target.ports[p.port] === port;
  });
}

function podsOf(objects: K8sObject[]): Pod[] {
  const pods: Pod[] = objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => ({
      kind: 'pod',
      name: `${o.kind}/${o.metadata.name}`,
      labels: o.spec.template.metadata.labels,
      ports: Object.fromEntries(
        o.spec.template.spec.containers.flatMap((c: any) =>
          (c.ports ?? []).map((p: any) => [p.name ?? String(p.containerPort), p.containerPort]),
        ),
      ),
    }));
  // CloudNativePG's instances carry the cluster's name as a label.
  for (const c of objects.filter((o) => o.kind === 'Cluster'))
    pods.push({
      kind: 'pod',
      name: `Cluster/${c.metadata.name}`,
      labels: { 'cnpg.io/cluster': c.metadata.name },
      ports: { postgresql: 5432 },
    });
  return pods;
}

function evaluator(objects: K8sObject[]) {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const selecting = (pod: Pod, type: 'Ingress' | 'Egress') =>
    policies.filter((p) => p.spec.policyTypes.includes(type) && matches(p.spec.podSelector, pod.labels));
  const egressAllowed = (from: Endpoint, to: Endpoint, port: number, protocol: string) => {
    if (from.kind !== 'pod') return true;
    const applying = selecting(from, 'Egress');
    if (applying.length === 0) return true;
    return applying.some((p) =>
      (p.spec.egress ?? []).some(
        (rule: any) =>
          (!rule.to || rule.to.some((peer: any) => peerCovers(peer, to))) &&
          portCovers(rule.ports, port, protocol, to),
      ),
    );
  };
  const ingressAllowed = (from: Endpoint, to: Endpoint, port: number, protocol: string) => {
    if (to.kind !== 'pod') return true;
    const applying = selecting(to, 'Ingress');
    if (applying.length === 0) return true;
    return applying.some((p) =>
      (p.spec.ingress ?? []).some(
        (rule: any) =>
          (!rule.from || rule.from.some((peer: any) => peerCovers(peer, from))) &&
          portCovers(rule.ports, port, protocol, to),
      ),
    );
  };
  return {
    policies,
    allowed: (from: Endpoint, to: Endpoint, port: number, protocol = 'TCP') =>
      egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol),
  };
}

const INGRESS_CONTROLLER: Outside = { kind: 'namespace', namespace: 'ingress-nginx' };
const PROMETHEUS: Outside = { kind: 'namespace', namespace: 'monitoring' };
const DNS: Outside = { kind: 'namespace', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
const INTERNET: Outside = { kind: 'internet', ip: '203.0.113.10' };
const SERVICES = ['gateway', 'dialog', 'handoff', 'broadcast', 'analytics'];

describe.each(['production', 'local'])('network policies of the %s overlay', (overlay) => {
  const objects = renderKustomization(join(__dirname, 'overlays', overlay));
  const pods = podsOf(objects);
  const { policies, allowed } = evaluator(objects);
  const pod = (name: string) => {
    const found = pods.find((p) => p.labels['app.kubernetes.io/name'] === name || p.name === name);
    if (!found) throw new Error(`no pod ${name}`);
    return found;
  };
  const database = overlay === 'production' ? pod('Cluster/citizen-desk-pg') : pod('postgres');

  it('denies everything by default, in and out', () => {
    const deny = policies.find((p) => p.metadata.name === 'default-deny')!;
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('selects every Deployment and StatefulSet (and the database instances) with a policy of its own', () => {
    expect(pods.length).toBeGreaterThanOrEqual(9);
    const unselected = pods.filter(
      (p) =>
        !policies.some(
          (np) =>
            Object.keys(np.spec.podSelector?.matchLabels ?? {}).length > 0 &&
            matches(np.spec.podSelector, p.labels),
        ),
    );
    expect(unselected.map((p) => p.name)).toEqual([]);
  });

  it('lets every pod resolve names', () => {
    for (const p of pods) expect([p.name, allowed(p, DNS, 53, 'UDP')]).toEqual([p.name, true]);
  });

  it.each(SERVICES)('lets %s reach PostgreSQL, NATS and the trace collector, and be scraped', (service) => {
    const s = pod(service);
    expect(allowed(s, database, 5432)).toBe(true);
    expect(allowed(s, pod('nats'), 4222)).toBe(true);
    expect(allowed(s, pod('otel-collector'), 4318)).toBe(true);
    expect(allowed(PROMETHEUS, s, s.ports.http)).toBe(true);
  });

  it('lets the ingress controller reach the backend of every Ingress rule, on its port', () => {
    const services = objects.filter((o) => o.kind === 'Service');
    const backends = objects
      .filter((o) => o.kind === 'Ingress')
      .flatMap((i) => i.spec.rules.flatMap((r: any) => r.http.paths.map((p: any) => p.backend.service)))
      .filter((b: any) => services.some((s) => s.metadata.name === b.name));
    expect(backends.length).toBeGreaterThanOrEqual(6);
    for (const backend of backends) {
      const service = services.find((s) => s.metadata.name === backend.name)!;
      const port = service.spec.ports.find(
        (p: any) => p.name === backend.port.name || p.port === backend.port.number,
      );
      const target = pods.find((p) => matches({ matchLabels: service.spec.selector }, p.labels))!;
      const number = typeof port.targetPort === 'number' ? port.targetPort : target.ports[port.targetPort];
      expect([backend.name, allowed(INGRESS_CONTROLLER, target, number)]).toEqual([backend.name, true]);
    }
  });

  it('lets only the gateway (Viber API), handoff (Viber media) and the collector out to the internet', () => {
    const out = pods
      .filter((p) => allowed(p, INTERNET, 443))
      .map((p) => p.labels['app.kubernetes.io/name'] ?? p.name);
    const expected = ['gateway', 'handoff', 'otel-collector'];
    // CloudNativePG's instances ship backups to object storage.
    if (overlay === 'production') expected.push('Cluster/citizen-desk-pg');
    expect(out.sort()).toEqual(expected.sort());
    // Not to the cluster's own private addresses through that rule.
    expect(allowed(pod('gateway'), { kind: 'internet', ip: '10.2.3.4' }, 443)).toBe(false);
  });

  it('keeps everything else apart', () => {
    expect(allowed(pod('dialog'), pod('gateway'), 3000)).toBe(false);
    expect(allowed(pod('gateway'), pod('handoff'), 3002)).toBe(false);
    expect(allowed(pod('staff-web'), database, 5432)).toBe(false);
    expect(allowed(pod('staff-web'), pod('nats'), 4222)).toBe(false);
    expect(allowed(INGRESS_CONTROLLER, pod('nats'), 4222)).toBe(false);
    expect(allowed(INGRESS_CONTROLLER, database, 5432)).toBe(false);
    expect(allowed(INTERNET, pod('gateway'), 3000)).toBe(false);
    expect(allowed(pod('otel-collector'), database, 5432)).toBe(false);
    expect(allowed(pod('dialog'), INTERNET, 443)).toBe(false);
    // The staff web app proxies to the APIs; analytics forwards the dashboard's sign-in.
    expect(allowed(pod('staff-web'), pod('handoff'), 3002)).toBe(true);
    expect(allowed(pod('analytics'), pod('handoff'), 3002)).toBe(true);
    // The NATS nodes route to each other.
    expect(allowed(pod('nats'), pod('nats'), 6222)).toBe(true);
  });

  if (overlay === 'local')
    it('lets the simulator and the gateway talk to each other', () => {
      expect(allowed(pod('viber-simulator'), pod('gateway'), 3000)).toBe(true);
      expect(allowed(pod('gateway'), pod('viber-simulator'), 3011)).toBe(true);
      expect(allowed(pod('dialog'), pod('viber-simulator'), 3011)).toBe(false);
    });
});
