import { Knex } from 'knex';
import { createStores } from '../../../database/createStores';
import { PROJECT_A, PROJECT_B, PROJECT_C, RECORDS } from './dataset';

/** Creates the schema in the database and stores the hand-built dataset. */
export async function seedDataset(knex: Knex): Promise<void> {
  const { projects, mergeRequests } = await createStores({
    database: { getClient: async () => knex },
  });
  for (const project of [PROJECT_A, PROJECT_B, PROJECT_C]) {
    const key = { host: project.host, key: project.path };
    await projects.replaceEntity(
      `component:default/${project.path.replace('/', '-')}`,
      [key],
      [],
    );
    await projects.resolveProject(key, {
      projectId: project.projectId,
      path: project.path,
      webUrl: `https://${project.host}/${project.path}`,
    });
    await mergeRequests.writePage({
      host: project.host,
      projectId: project.projectId,
      writes: RECORDS.filter(
        record => record.projectId === project.projectId,
      ).map(record => ({ record, digest: '', recheck: false })),
      settled: [],
      cursor: null,
      readAt: new Date(0).toISOString(),
    });
  }
}
