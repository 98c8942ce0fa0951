import { StaffClaims, canActInDepartment } from '@citizen-desk/auth';
import { Envelope, parseEnvelope } from '@citizen-desk/contracts';
import { Logger } from '@citizen-desk/observability';
import { NatsConnection, Subscription } from 'nats';

export type LiveListener = (envelope: Envelope) => void;

/**
 * Every handoff event, as every replica publishes it, for the operators' browsers. A plain NATS
 * subscription (not a durable consumer) on each replica: every replica sees every event, so a browser
 * connected to any replica hears about sessions changed on another.
 */
export class LiveFeed {
  private readonly listeners = new Map<LiveListener, () => void>();
  private subscription: Subscription | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    private readonly logger: Logger,
    /** Decrypts the citizen's sealed fields (what they wrote, their name) for the operators' screens. */
    private readonly open: (envelope: Envelope) => Promise<Envelope> = async (e) => e,
  ) {}

  start(): void {
    const sub = this.nc.subscribe(`${this.namespace}.handoff.>`);
    this.subscription = sub;
    void (async () => {
      for await (const msg of sub) {
        // Whatever is on the subject reaches this loop: only valid envelopes of known events go on to browsers.
        let envelope: Envelope;
        try {
          envelope = await this.open(parseEnvelope(JSON.parse(new TextDecoder().decode(msg.data))));
        } catch (e) {
          this.logger.warn({ err: e, subject: msg.subject }, 'live feed: unreadable message');
          continue;
        }
        for (const listener of this.listeners.keys()) {
          try {
            listener(envelope);
          } catch (e) {
            this.logger.warn({ err: e, type: envelope.type }, 'live feed: a listener failed');
          }
        }
      }
    })();
  }

  /** `onStop` runs when the feed stops (shutdown), so open streams end and the server can close. */
  listen(listener: LiveListener, onStop: () => void = () => undefined): () => void {
    this.listeners.set(listener, onStop);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    const stops = [...this.listeners.values()];
    this.listeners.clear();
    for (const onStop of stops) onStop();
  }
}

/** Whether a staff member's browser should hear of an event: their departments' sessions, or their own. */
export function isVisibleTo(
  staff: Pick<StaffClaims, 'sub' | 'roles' | 'departments'>,
  envelope: Envelope,
): boolean {
  const d = (envelope.data ?? {}) as {
    department?: string;
    fromDepartment?: string;
    toDepartment?: string;
    operatorId?: string | null;
    toOperatorId?: string | null;
  };
  if (d.operatorId === staff.sub || d.toOperatorId === staff.sub) return true;
  return [d.department, d.fromDepartment, d.toDepartment].some(
    (dep) => !!dep && canActInDepartment(staff, dep),
  );
}
