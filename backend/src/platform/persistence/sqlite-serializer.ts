import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver shares ONE query runner: two concurrent `transaction()` calls nest as
 * savepoints inside each other, and any statement issued meanwhile silently joins the open transaction
 * (and is lost if it rolls back). This puts every read-model transaction and every standalone statement
 * behind one async lock; statements issued from inside a transaction's callback (same async context) pass
 * straight through. better-sqlite3 is synchronous, so the lock costs no parallelism.
 */
export function serializeSqliteAccess(dataSource: DataSource): DataSource {
  const holder = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    if (holder.getStore()) return work();
    const run = tail.then(() => holder.run(true, work));
    tail = run.catch(() => undefined);
    return run;
  };

  const transaction = dataSource.transaction.bind(dataSource) as (...args: unknown[]) => Promise<unknown>;
  dataSource.transaction = ((...args: unknown[]) => exclusive(() => transaction(...args))) as DataSource['transaction'];

  const driver = dataSource.driver as unknown as { createQueryRunner(mode?: string): QueryRunner };
  const createQueryRunner = driver.createQueryRunner.bind(driver);
  const wrapped = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode?: string) => {
    const runner = createQueryRunner(mode);
    if (!wrapped.has(runner)) {
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = ((...args: unknown[]) => exclusive(() => query(...args))) as QueryRunner['query'];
      wrapped.add(runner);
    }
    return runner;
  };
  return dataSource;
}
