import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load, loadAll } from 'js-yaml';

/**
 * A renderer for the subset of kustomize these overlays use, so that CI can build every overlay
 * without a kustomize binary: `resources` (files and directories), `namespace`, `labels` (pairs on
 * metadata only), `configMapGenerator` (files, labels, no name hash), `images`, and `patches` (a
 * file or inline; JSON 6902 operations with a target of kind, name and label selector, or a
 * strategic-merge patch of maps and `$patch: delete`). Anything else fails loudly, so a new feature
 * in an overlay cannot be silently ignored. deploy/render.spec.ts compares its output with
 * `kubectl kustomize` when that is installed.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  [k: string]: any;
};

const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'namespace',
  'labels',
  'configMapGenerator',
  'images',
  'patches',
]);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
]);

export function renderKustomization(dir: string): K8sObject[] {
  const file = join(dir, 'kustomization.yaml');
  const k = load(readFileSync(file, 'utf8')) as any;
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key))
      throw new Error(`${file}: kustomize field ${key} is not supported by this renderer`);
  }
  let objects: K8sObject[] = [];
  for (const resource of (k.resources ?? []) as string[]) {
    const path = join(dir, resource);
    if (!existsSync(path)) throw new Error(`${file} lists missing resource ${resource}`);
    objects.push(...(statSync(path).isDirectory() ? renderKustomization(path) : documents(path)));
  }
  for (const generator of (k.configMapGenerator ?? []) as any[])
    objects.push(generateConfigMap(dir, generator));
  for (const p of (k.patches ?? []) as any[]) {
    const text: string = p.path ? readFileSync(join(dir, p.path), 'utf8') : p.patch;
    const parsed = load(text) as any;
    if (Array.isArray(parsed)) {
      if (!p.target) throw new Error(`${file}: a JSON 6902 patch needs a target`);
      objects = objects.map((o) => (matches(o, p.target) ? applyJsonPatch(o, parsed) : o));
    } else {
      const target = p.target ?? { kind: parsed.kind, name: parsed.metadata?.name };
      if (parsed.$patch === 'delete') {
        const before = objects.length;
        objects = objects.filter((o) => !matches(o, target));
        if (objects.length === before) throw new Error(`${file}: delete patch matches nothing`);
      } else {
        if (!objects.some((o) => matches(o, target))) throw new Error(`${file}: patch matches nothing`);
        objects = objects.map((o) => (matches(o, target) ? (mergePatch(o, parsed) as K8sObject) : o));
      }
    }
  }
  for (const image of (k.images ?? []) as any[]) objects = objects.map((o) => withImage(o, image));
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  for (const label of (k.labels ?? []) as any[]) {
    if (label.includeSelectors || label.includeTemplates) throw new Error(`${file}: only metadata labels`);
    for (const o of objects) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...label.pairs };
  }
  return objects;
}

function documents(path: string): K8sObject[] {
  return loadAll(readFileSync(path, 'utf8')).filter((d): d is K8sObject => d !== null && d !== undefined);
}

function generateConfigMap(dir: string, g: any): K8sObject {
  if (!g.options?.disableNameSuffixHash) throw new Error(`${g.name}: name hashes are not supported`);
  const data: Record<string, string> = {};
  for (const f of (g.files ?? []) as string[]) {
    if (f.includes('=') || relative(dir, join(dir, f)).startsWith('..'))
      throw new Error(`unsupported file ${f}`);
    data[f] = readFileSync(join(dir, f), 'utf8');
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: g.name, ...(g.options.labels ? { labels: { ...g.options.labels } } : {}) },
    data,
  };
}

function matches(o: K8sObject, target: { kind?: string; name?: string; labelSelector?: string }): boolean {
  if (target.kind && o.kind !== target.kind) return false;
  if (target.name && o.metadata.name !== target.name) return false;
  if (target.labelSelector) {
    return target.labelSelector.split(',').every((term) => {
      const [key, value] = term.split('=');
      return o.metadata.labels?.[key.trim()] === value?.trim();
    });
  }
  return true;
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function applyJsonPatch(
  object: K8sObject,
  ops: Array<{ op: string; path: string; value?: unknown }>,
): K8sObject {
  const copy = structuredClone(object);
  for (const { op, path, value } of ops) {
    const parts = pointer(path);
    const last = parts.pop()!;
    let parent: any = copy;
    for (const p of parts) {
      parent = parent?.[Array.isArray(parent) ? Number(p) : p];
      if (parent === undefined) throw new Error(`${object.kind}/${object.metadata.name}: no ${path}`);
    }
    const key: any = Array.isArray(parent) ? (last === '-' ? parent.length : Number(last)) : last;
    if (op === 'add') {
      if (Array.isArray(parent)) parent.splice(key, 0, value);
      else parent[key] = value;
    } else if (op === 'replace' || op === 'remove') {
      if (!(key in parent))
        throw new Error(`${object.kind}/${object.metadata.name}: ${op} of missing ${path}`);
      if (op === 'replace') parent[key] = value;
      else if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
    } else {
      throw new Error(`JSON patch op ${op} is not supported`);
    }
  }
  return copy;
}

/** Strategic merge for what the overlays patch: maps merge, scalars and lists are replaced. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

function withImage(o: K8sObject, image: { name: string; newName?: string; newTag?: string }): K8sObject {
  const containers = [
    ...(o.spec?.template?.spec?.containers ?? []),
    ...(o.spec?.template?.spec?.initContainers ?? []),
  ] as Array<{ image?: string }>;
  for (const c of containers) {
    const [name, tag] = (c.image ?? '').split(':');
    if (name !== image.name) continue;
    c.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
  }
  return o;
}
