import { DataSource, EntityManager } from 'typeorm';

export interface HourCount {
  hour: string;
  messages: number;
}

export class MessagesPerHourRepository {
  constructor(private readonly dataSource: DataSource) {}

  async increment(manager: EntityManager, hour: string): Promise<void> {
    await manager.query(
      `INSERT INTO messages_per_hour (hour, messages) VALUES ($1, 1)
       ON CONFLICT (hour) DO UPDATE SET messages = messages_per_hour.messages + 1`,
      [hour],
    );
  }

  async list(from?: Date, to?: Date): Promise<HourCount[]> {
    const rows: Array<{ hour: Date; messages: string }> = await this.dataSource.query(
      `SELECT hour, messages FROM messages_per_hour
        WHERE ($1::timestamptz IS NULL OR hour >= $1) AND ($2::timestamptz IS NULL OR hour < $2)
        ORDER BY hour`,
      [from ?? null, to ?? null],
    );
    return rows.map((r) => ({ hour: new Date(r.hour).toISOString(), messages: Number(r.messages) }));
  }
}
