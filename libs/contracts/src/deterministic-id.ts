import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from a name. Used where the same real-world fact may be seen
 * twice — Viber re-delivers a callback with the same message_token — so both deliveries produce
 * the same event id and every de-duplication (JetStream's Nats-Msg-Id, consumers' processed ids)
 * drops the second one.
 */
const NAMESPACE = Buffer.from('6f1c1f2a9d3b4e0f8a7c5b4d3e2f1a0b', 'hex');

export function deterministicId(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
