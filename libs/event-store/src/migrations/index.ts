import { MigrationInterface } from 'typeorm';
import { EventStoreTables1700000000000 } from './1700000000000-event-store-tables';

/** Runs before a service's own migrations (theirs must carry later timestamps). */
export const eventStoreMigrations: Array<new () => MigrationInterface> = [EventStoreTables1700000000000];
