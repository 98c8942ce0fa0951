export interface AutoAssignCommand {
  /** How many of the longest-waiting sessions one pass looks at. */
  batch?: number;
}
