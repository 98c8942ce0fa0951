export interface ListContentHistoryCommand {
  limit: number;
  /** The `nextBefore` of the previous page: only entries before this position. */
  before?: number;
}
