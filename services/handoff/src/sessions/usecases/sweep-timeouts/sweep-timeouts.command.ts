export interface SweepTimeoutsCommand {
  /** The instant to sweep at; the clock's now unless a test sweeps as if later. */
  now?: Date;
}
