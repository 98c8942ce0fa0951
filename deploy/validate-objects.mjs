// Validates Kubernetes objects offline against the OpenAPI schemas that the npm packages
// kubernetes-models (core API, Kubernetes 1.3x) and @kubernetes-models/prometheus-operator ship.
// ES modules only, hence a script: deploy/render.spec.ts pipes the rendered objects in as JSON on
// stdin and reads back [{ kind, name, error }] for every object that fails, or has no schema here.
import { readFileSync } from 'node:fs';

const objects = JSON.parse(readFileSync(0, 'utf8'));
const problems = [];

async function modelsFor(apiVersion) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'monitoring.coreos.com')
    return import(`@kubernetes-models/prometheus-operator/${apiVersion}`);
  return import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`);
}

for (const object of objects) {
  const name = object?.metadata?.name;
  try {
    const models = await modelsFor(object.apiVersion);
    const Model = models[object.kind];
    if (typeof Model !== 'function') throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
  } catch (e) {
    problems.push({ kind: object.kind, name, error: String(e?.message ?? e).slice(0, 2000) });
  }
}
process.stdout.write(JSON.stringify(problems));
