import { StaffSessionRevoker } from '@citizen-desk/auth';
import { Injectable } from '@nestjs/common';

/** Ends one session: its token is refused by every service within seconds, other sessions go on. */
@Injectable()
export class Logout {
  constructor(
    private readonly sessions: StaffSessionRevoker,
    private readonly now: () => Date,
  ) {}

  async execute({ sid, staffId }: { sid: string; staffId: string }): Promise<void> {
    await this.sessions.revokeSession(sid, this.now(), staffId);
  }
}
