import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsumerCheckpointEntity } from './consumer-checkpoint.entity.js';
import { createReadModelDataSource } from './read-model-datasource.js';

describe('Regression: SQLite read-model writes are never lost to a concurrent transaction', () => {
  it('keeps a standalone write issued while another transaction is open and then rolls back, and runs overlapping transactions one after another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-serial-'));
    const ds = createReadModelDataSource({ kind: 'sqlite', path: join(dir, 'r.sqlite') }, [ConsumerCheckpointEntity]);
    await ds.initialize();
    try {
      const repository = ds.getRepository(ConsumerCheckpointEntity);
      const failing = ds.transaction(async (manager) => {
        await manager.save(ConsumerCheckpointEntity, { name: 'inside', kind: 'projection', version: 1, position: 1 });
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('roll back');
      });
      const standalone = repository.save({ name: 'outside', kind: 'process', version: 1, position: 2 });
      const overlapping = Promise.all(
        Array.from({ length: 5 }, (_, i) => ds.transaction(async (manager) => {
          await manager.save(ConsumerCheckpointEntity, { name: `tx-${i}`, kind: 'projection', version: 1, position: i });
          await new Promise((resolve) => setTimeout(resolve, 5));
        })),
      );
      await expect(failing).rejects.toThrow('roll back');
      await standalone;
      await overlapping;
      const names = (await repository.find()).map((row) => row.name).sort();
      expect(names).toEqual(['outside', 'tx-0', 'tx-1', 'tx-2', 'tx-3', 'tx-4']);
    } finally {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
