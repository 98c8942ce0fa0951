export interface LoginCommand {
  email: string;
  password: string;
  /** The client's address, for the rate limits and the per-address lock. */
  clientIp: string;
}
