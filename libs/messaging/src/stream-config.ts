import { nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';

export interface StreamSettings {
  duplicateWindowSeconds: number;
  maxAgeDays: number;
  replicas: number;
}

const NAMESPACE = /^[A-Za-z0-9_-]+$/;

/** The namespace prefixes every subject and names the stream, so it must be one subject token. */
export function assertNamespace(namespace: string): string {
  if (!NAMESPACE.test(namespace))
    throw new Error(`invalid namespace "${namespace}": use letters, digits, - and _`);
  return namespace;
}

export function streamNameOf(namespace: string): string {
  return `${assertNamespace(namespace).toUpperCase()}_EVENTS`;
}

/** One stream holds every event and command of an installation; consumers filter by subject. */
export function streamConfigOf(
  namespace: string,
  settings: StreamSettings,
): Partial<StreamConfig> & { name: string } {
  return {
    name: streamNameOf(namespace),
    subjects: [`${namespace}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(settings.duplicateWindowSeconds * 1000),
    max_age: nanos(settings.maxAgeDays * 24 * 3600 * 1000),
    num_replicas: settings.replicas,
  };
}
