export interface GetStaffAccountCommand {
  id: string;
}
