import { createServiceDataSource } from '@citizen-desk/event-store';
import { cleanupNamespace, testDatabaseUrl, testNamespace } from '@citizen-desk/testing';
import { DataSource } from 'typeorm';
import { gatewayMigrations } from '../migrations';
import { RateBudget } from './rate-budget';
import { RateBudgetRepository } from './rate-budget.repository';

describe('shared rate budget', () => {
  const ns = testNamespace();
  let a: DataSource;
  let b: DataSource;
  beforeAll(async () => {
    const opts = {
      url: testDatabaseUrl(),
      schema: `${ns}_gateway`,
      migrations: gatewayMigrations,
      poolSize: 3,
    };
    a = await createServiceDataSource(opts);
    b = await createServiceDataSource(opts);
  });
  afterAll(async () => {
    await a.destroy();
    await b.destroy();
    await cleanupNamespace(ns);
  });

  it('grants no more than the burst capacity at once, across replicas', async () => {
    const ra = new RateBudgetRepository(a);
    const rb = new RateBudgetRepository(b);
    // Two replicas draw from one bucket of 10 (rate 0.001/s: no meaningful refill during the test).
    const grants = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? ra : rb).take('shared', 3, 0.001, 10)),
    );
    const total = grants.reduce((n, g) => n + g.granted, 0);
    expect(total).toBe(10);
    expect(grants.every((g) => g.granted >= 0 && g.granted <= 3)).toBe(true);
  });

  it('makes a caller wait for a token instead of failing when the bucket is empty', async () => {
    const repo = new RateBudgetRepository(a);
    const sleeps: number[] = [];
    let now = 0;
    const fake = {
      take: async (...args: Parameters<RateBudgetRepository['take']>) =>
        now++ === 0 ? { granted: 0, available: 0.5 } : repo.take(...args),
    };
    const budget = new RateBudget(
      fake as unknown as RateBudgetRepository,
      'waiting',
      100,
      async (ms) => void sleeps.push(ms),
    );
    await budget.take();
    expect(sleeps).toEqual([5]);
  });
});
