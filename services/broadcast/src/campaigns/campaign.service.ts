import { Envelope, Language, makeEnvelope, SendMessageToCitizen } from '@citizen-desk/contracts';
import { ConcurrencyError } from '@citizen-desk/event-store';
import { currentTraceCarrier } from '@citizen-desk/observability';
import { ServiceRuntime } from '@citizen-desk/service-kit';
import { EntityManager } from 'typeorm';
import { DeliveryRepository } from '../delivery/delivery.repository';
import { campaignMessageIn } from './campaign-message';
import { CampaignCommand, CampaignEvent, decideCampaign } from './campaign.decide';
import { CampaignState, campaignStreamId, evolveCampaign, initialCampaignState } from './campaign.state';
import { CampaignsRepository } from './campaigns.repository';

export const BROADCAST_ORIGIN = 'broadcast';

/** Loads a campaign, decides, appends its events (and any message) and saves the read model, in one transaction. */
export class CampaignService {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly campaigns: CampaignsRepository,
    private readonly delivery: DeliveryRepository,
  ) {}

  async execute(
    campaignId: string,
    command: CampaignCommand,
    manager?: EntityManager,
  ): Promise<CampaignState> {
    if (manager) return this.executeIn(manager, campaignId, command);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runtime.dataSource.transaction((m) => this.executeIn(m, campaignId, command));
      } catch (e) {
        // Two staff members acting at once: decide again on the newer state.
        if (!(e instanceof ConcurrencyError) || attempt >= 3) throw e;
      }
    }
  }

  async load(
    campaignId: string,
    manager?: EntityManager,
  ): Promise<{ state: CampaignState; version: number }> {
    return this.runtime.eventStore.aggregateStream(
      campaignStreamId(campaignId),
      evolveCampaign,
      initialCampaignState,
      manager,
    );
  }

  private async executeIn(
    manager: EntityManager,
    campaignId: string,
    command: CampaignCommand,
  ): Promise<CampaignState> {
    // Serialises with the fan-out, which plans each batch under this lock: a pause is never overtaken by a batch.
    await this.delivery.lockProgress(manager, campaignId);
    const { state, version } = await this.load(campaignId, manager);
    const decided = decideCampaign(command, state);
    const next = decided.reduce(evolveCampaign, state);
    const streamId = campaignStreamId(campaignId);
    const trace = currentTraceCarrier();
    const envelopes = decided.map((e) =>
      makeEnvelope({ type: e.type, version: 1, streamId, data: e.data, trace }),
    );
    await this.runtime.eventStore.append(streamId, version, envelopes, {
      manager,
      alsoPublish: this.messagesFor(decided, next, trace),
    });
    if (command.type === 'StartCampaign') await this.delivery.createProgress(manager, campaignId);
    await this.campaigns.save(manager, next);
    return next;
  }

  /** A test goes to the staff member's own Viber id, in the language they asked for. */
  private messagesFor(decided: CampaignEvent[], state: CampaignState, trace: Envelope['trace']): Envelope[] {
    return decided
      .filter((e) => e.type === 'CampaignTestSent')
      .map((e) => {
        const test = e.data as {
          citizenId: string;
          language: Language;
          messageId: string;
        };
        const data: SendMessageToCitizen = {
          messageId: test.messageId,
          citizenId: test.citizenId,
          message: campaignMessageIn(state.content!, test.language),
          purpose: 'test',
          origin: BROADCAST_ORIGIN,
        };
        return makeEnvelope({
          type: 'SendMessageToCitizen',
          version: 1,
          streamId: `outbound-${test.messageId}`,
          data,
          trace,
        });
      });
  }
}
