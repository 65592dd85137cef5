import { Knex } from 'knex';
import { createStores } from '../../../database/createStores';
import { DatabaseMergeRequestStore } from '../../../database/MergeRequestStore';
import { MergeRequestRecord } from '../../../database/types';
import { RECORDS } from './dataset';

/**
 * Creates the schema in the database and stores the MRs as the sync would,
 * each project resolved and named by an entity of its own.
 */
export async function storeRecords(
  knex: Knex,
  records: readonly MergeRequestRecord[],
): Promise<DatabaseMergeRequestStore> {
  const { projects, mergeRequests } = await createStores({
    database: { getClient: async () => knex },
  });
  const byProject = new Map<string, MergeRequestRecord[]>();
  for (const record of records) {
    const name = `${record.host} ${record.projectId}`;
    byProject.set(name, [...(byProject.get(name) ?? []), record]);
  }
  for (const [name, stored] of byProject) {
    const { host, projectId, projectPath } = stored[0];
    const key = { host, key: projectPath };
    await projects.replaceEntity(`component:default/${name}`, [key], []);
    await projects.resolveProject(key, {
      projectId,
      path: projectPath,
      webUrl: `https://${host}/${projectPath}`,
    });
    await mergeRequests.writePage({
      host,
      projectId,
      writes: stored.map(record => ({ record, digest: '', recheck: false })),
      settled: [],
      cursor: null,
      readAt: new Date(0).toISOString(),
    });
  }
  return mergeRequests;
}

/** Creates the schema in the database and stores the hand-built dataset. */
export async function seedDataset(knex: Knex): Promise<void> {
  await storeRecords(knex, RECORDS);
}
