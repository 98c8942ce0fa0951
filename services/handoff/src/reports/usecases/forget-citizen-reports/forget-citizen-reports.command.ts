import { Envelope } from '@citizen-desk/contracts';

/** CitizenForgetRequested, of which only the citizen matters here. */
export interface ForgetCitizenReportsCommand {
  envelope: Envelope<{ citizenId: string }>;
}
