import type {
  BroadcastBatchSent,
  CitizenMessageReceived,
  CitizenSubscribed,
  CitizenUnsubscribed,
  ConversationOpened,
} from '@citizen-desk/contracts';
import { MunicipalCalendar, toMillis } from '../calendar/municipal-calendar';
import { AnalyticsEvent } from './analytics-event';
import { FigureCounters, NO_DIMENSIONS } from './figure-counters';

/**
 * Subscribers over time and new citizens: who is subscribed now and since when, when each citizen was
 * first seen, and the last notice each citizen was sent (so that an unsubscribe soon after it counts
 * against that campaign).
 */

/** An unsubscribe within this long after a notice counts against that notice. */
export const UNSUBSCRIBE_AFTER_CAMPAIGN_MS = 48 * 3600_000;

export const SUBSCRIBER_EVENTS = [
  'CitizenMessageReceived',
  'CitizenSubscribed',
  'ConversationOpened',
  'CitizenUnsubscribed',
  'CitizenOptedOut',
  'BroadcastBatchSent',
] as const;

/** A row of `citizens`. */
export interface CitizenState {
  citizenId: string;
  firstSeenAt: number | null;
  subscribed: boolean;
  stateAt: number | null;
  lastCampaignId: string | null;
  lastCampaignAt: number | null;
}

export interface SubscriberRows {
  citizens: CitizenState[];
}

/** Adds the citizens whose rows this event changes (and so must be loaded before the fold). */
export function citizensTouchedBy(e: AnalyticsEvent, into: Set<string>): void {
  switch (e.type) {
    case 'CitizenMessageReceived':
    case 'CitizenSubscribed':
    case 'ConversationOpened':
      into.add((e.data as { citizen: { id: string } }).citizen.id);
      return;
    case 'CitizenUnsubscribed':
      into.add((e.data as CitizenUnsubscribed).citizenId);
      return;
    case 'BroadcastBatchSent':
      for (const citizenId of (e.data as BroadcastBatchSent).sent) into.add(citizenId);
      return;
  }
}

/**
 * Whether a citizen's row is past its retention at `at`: not subscribed, and nothing heard of or sent
 * to them for `retentionMs`. Such a row is gone (or, in a rebuild, as good as gone): a citizen who comes
 * back after it is a new citizen.
 */
export function pastRetention(citizen: CitizenState, at: number, retentionMs: number): boolean {
  if (citizen.subscribed) return false;
  const last = Math.max(
    citizen.firstSeenAt ?? -Infinity,
    citizen.stateAt ?? -Infinity,
    citizen.lastCampaignAt ?? -Infinity,
  );
  return last !== -Infinity && at - last > retentionMs;
}

export class SubscribersFold {
  readonly counters: FigureCounters;
  private readonly changed = new Set<string>();

  /**
   * @param citizens the rows of the citizens the batch touches, loaded before the fold (missing ones are new)
   * @param countUnsubscribeAfterNotice told the campaign an unsubscribe counts against
   * @param retentionMs how long the row of a citizen who is not subscribed outlives their last sign
   *   (ANALYTICS_CITIZEN_RETENTION_DAYS): the retention job deletes it then, and the fold forgets it
   *   the same way, so that a rebuild comes out as the live projection did
   */
  constructor(
    private readonly citizens: Map<string, CitizenState>,
    calendar: MunicipalCalendar,
    private readonly countUnsubscribeAfterNotice: (campaignId: string) => void,
    private readonly retentionMs = Infinity,
  ) {
    this.counters = new FigureCounters(calendar);
  }

  apply(e: AnalyticsEvent, at: number): void {
    switch (e.type) {
      case 'CitizenMessageReceived': {
        const d = e.data as CitizenMessageReceived;
        this.subscription(this.seeCitizen(d.citizen.id, at), true, at);
        return;
      }
      case 'CitizenSubscribed': {
        const d = e.data as CitizenSubscribed;
        this.subscription(this.seeCitizen(d.citizen.id, at), true, toMillis(d.at));
        return;
      }
      case 'ConversationOpened': {
        const d = e.data as ConversationOpened;
        const citizen = this.seeCitizen(d.citizen.id, at);
        if (d.subscribed) this.subscription(citizen, true, toMillis(d.at));
        return;
      }
      case 'CitizenUnsubscribed': {
        const d = e.data as CitizenUnsubscribed;
        this.unsubscribe(d.citizenId, toMillis(d.at));
        return;
      }
      case 'CitizenOptedOut':
        this.counters.add('opted-out', at, NO_DIMENSIONS);
        return;
      case 'BroadcastBatchSent':
        this.noticeSent(e.data as BroadcastBatchSent, at);
        return;
    }
  }

  rows(): SubscriberRows {
    return { citizens: [...this.changed].map((citizenId) => this.citizens.get(citizenId)!) };
  }

  private citizen(citizenId: string, at: number): CitizenState {
    let citizen = this.citizens.get(citizenId);
    if (citizen && pastRetention(citizen, at, this.retentionMs)) citizen = undefined;
    if (!citizen) {
      citizen = {
        citizenId,
        firstSeenAt: null,
        subscribed: false,
        stateAt: null,
        lastCampaignId: null,
        lastCampaignAt: null,
      };
      this.citizens.set(citizenId, citizen);
    }
    this.changed.add(citizenId);
    return citizen;
  }

  /** A citizen counts as new on the day of the earliest event seen from them, whatever order events arrive in. */
  private seeCitizen(citizenId: string, at: number): CitizenState {
    const citizen = this.citizen(citizenId, at);
    if (citizen.firstSeenAt === null || at < citizen.firstSeenAt) {
      if (citizen.firstSeenAt !== null)
        this.counters.add('new-citizens', citizen.firstSeenAt, NO_DIMENSIONS, -1);
      this.counters.add('new-citizens', at, NO_DIMENSIONS);
      citizen.firstSeenAt = at;
    }
    return citizen;
  }

  /** Last writer wins by the time the channel reported: an older report never undoes a newer one. */
  private subscription(citizen: CitizenState, subscribed: boolean, at: number): boolean {
    if (citizen.stateAt !== null && at < citizen.stateAt) return false;
    const flipped = citizen.subscribed !== subscribed;
    citizen.subscribed = subscribed;
    citizen.stateAt = at;
    if (flipped) this.counters.add(subscribed ? 'subscribed' : 'unsubscribed', at, NO_DIMENSIONS);
    return flipped;
  }

  private unsubscribe(citizenId: string, at: number): void {
    const citizen = this.citizen(citizenId, at);
    if (!this.subscription(citizen, false, at)) return;
    if (
      citizen.lastCampaignId &&
      citizen.lastCampaignAt !== null &&
      at >= citizen.lastCampaignAt &&
      at - citizen.lastCampaignAt <= UNSUBSCRIBE_AFTER_CAMPAIGN_MS
    )
      this.countUnsubscribeAfterNotice(citizen.lastCampaignId);
  }

  /** The latest notice sent wins, whatever order the batches arrive in. */
  private noticeSent(d: BroadcastBatchSent, at: number): void {
    for (const citizenId of d.sent) {
      const citizen = this.citizen(citizenId, at);
      if (citizen.lastCampaignAt === null || at >= citizen.lastCampaignAt) {
        citizen.lastCampaignId = d.campaignId;
        citizen.lastCampaignAt = at;
      }
    }
  }
}
