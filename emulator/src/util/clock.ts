// Modification stamps must strictly increase: conflict detection in the clients compares `modified`/`updateTime`,
// and two writes in the same millisecond would otherwise look like no change at all.

export class Clock {
  private lastStamp = 0;

  now(): number {
    return Date.now();
  }

  /** A millisecond timestamp greater than every stamp handed out before. */
  stamp(): number {
    const stamp = Math.max(Date.now(), this.lastStamp + 1);
    this.lastStamp = stamp;
    return stamp;
  }
}

/** ISO 8601 with milliseconds and Z, the form the CJA samples show (`2023-07-15T10:30:00.000Z`). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
