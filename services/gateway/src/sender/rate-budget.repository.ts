import { DataSource } from 'typeorm';

/**
 * A token bucket in PostgreSQL, so that the budget holds across every gateway replica. One row per
 * budget; refilling is computed from the time since the last draw, under the row lock.
 */
export class RateBudgetRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes up to `wanted` whole tokens; answers how many were granted and what was left. */
  async take(
    name: string,
    wanted: number,
    ratePerSecond: number,
    capacity: number,
  ): Promise<{ granted: number; available: number }> {
    // One statement per draw once the row exists; the first draw of a budget makes it, full.
    const drawn = await this.draw(name, wanted, ratePerSecond, capacity);
    if (drawn) return drawn;
    await this.dataSource.query(
      `INSERT INTO rate_budget (name, tokens, refilled_at) VALUES ($1, $2, clock_timestamp()) ON CONFLICT (name) DO NOTHING`,
      [name, capacity],
    );
    const afterCreate = await this.draw(name, wanted, ratePerSecond, capacity);
    if (!afterCreate) throw new Error(`rate budget ${name} is missing`);
    return afterCreate;
  }

  private async draw(
    name: string,
    wanted: number,
    ratePerSecond: number,
    capacity: number,
  ): Promise<{ granted: number; available: number } | undefined> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected] rather than rows alone.
    const result: [Array<{ granted: number; available: number }>, number] = await this.dataSource.query(
      `WITH cur AS (
         SELECT name, LEAST($3::float8, tokens + $2::float8 * EXTRACT(EPOCH FROM (clock_timestamp() - refilled_at))::float8) AS avail
         FROM rate_budget WHERE name = $1 FOR UPDATE
       )
       UPDATE rate_budget r
          SET tokens = cur.avail - LEAST(floor(cur.avail), $4::float8), refilled_at = clock_timestamp()
         FROM cur WHERE r.name = cur.name
       RETURNING LEAST(floor(cur.avail), $4::float8)::int AS granted, cur.avail::float8 AS available`,
      [name, ratePerSecond, capacity, wanted],
    );
    const row = result[0][0];
    if (!row) return undefined;
    return { granted: Math.max(0, Number(row.granted)), available: Number(row.available) };
  }
}
