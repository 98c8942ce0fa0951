/**
 * Every part of broadcast reads the wall clock only through this: event times, due schedules and
 * completion. Production passes the real clock; a test passes a fixed or movable one.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
