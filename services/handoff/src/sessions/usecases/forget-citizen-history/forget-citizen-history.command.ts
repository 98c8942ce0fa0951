/** A citizen asked to be forgotten. */
export interface ForgetCitizenHistoryCommand {
  citizenId: string;
}
