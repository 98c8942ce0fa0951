export interface GetContentVersionCommand {
  /** A published version, or the one in use. */
  version: number | 'latest';
}
