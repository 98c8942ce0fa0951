import { Logger } from '@citizen-desk/observability';

/** Tells every dialog replica that a version was published (LiveContent.announce). */
export interface VersionAnnouncer {
  announce(version: number): Promise<void>;
}

/** Announces after the commit; a failure is only logged, as the version is committed already. */
export class BestEffortAnnouncer implements VersionAnnouncer {
  constructor(
    private readonly announcer: VersionAnnouncer,
    private readonly logger: Logger,
  ) {}

  async announce(version: number): Promise<void> {
    try {
      await this.announcer.announce(version);
    } catch (e) {
      // Replicas pick the version up on their periodic refresh.
      this.logger.warn({ err: e, version }, 'could not announce the new content version');
    }
  }
}
