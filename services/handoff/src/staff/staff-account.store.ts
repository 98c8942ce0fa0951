import { makeEnvelope } from '@citizen-desk/contracts';
import { ConcurrencyError, EventStore } from '@citizen-desk/event-store';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  decideStaffAccount,
  evolveStaffAccount,
  initialStaffAccountState,
  StaffAccountCommand,
} from './staff-account.decide';
import { STAFF_EVENT_VERSION, StaffAccountEvent, staffStreamId } from './staff-account.events';
import { eraseStaffHolder } from './staff-account-erasure';
import { StaffAccountsRepository } from './staff-accounts.repository';

/** The staff accounts' streams: commands on an account are loaded, decided, appended and projected here. */
@Injectable()
export class StaffAccountStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly eventStore: EventStore,
    private readonly repo: StaffAccountsRepository,
  ) {}

  /** In one transaction; a concurrent change to the stream means decide again. */
  async handle(staffId: string, command: StaffAccountCommand, attempts = 3): Promise<StaffAccountEvent[]> {
    const streamId = staffStreamId(staffId);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { state, version } = await this.eventStore.aggregateStream(
          streamId,
          evolveStaffAccount,
          initialStaffAccountState,
          manager,
        );
        const events = decideStaffAccount(command, state);
        if (events.length === 0) return events;
        const envelopes = events.map((e) =>
          makeEnvelope({ type: e.type, version: STAFF_EVENT_VERSION, streamId, data: e.data }),
        );
        // publish: false — these events carry password hashes and stay in this service.
        await this.eventStore.append(streamId, version, envelopes, { manager, publish: false });
        for (const event of events) await this.repo.project(manager, event);
        if (events.some((e) => e.type === 'StaffAccountErased'))
          await eraseStaffHolder(this.eventStore, manager, staffId);
        return events;
      });
    } catch (e) {
      if (e instanceof ConcurrencyError && attempts > 1) return this.handle(staffId, command, attempts - 1);
      throw e;
    }
  }
}
