import { Knex } from 'knex';
import { toTicketRows } from './rows';
import { MERGE_REQUEST_TICKETS } from './tables';
import { MergeRequestRecord } from './types';

/**
 * Replaces the ticket rows of a project's MRs with those of the records, in
 * the transaction that writes the MRs.
 * @internal
 */
export async function replaceTickets(
  tx: Knex.Transaction,
  host: string,
  projectId: number,
  records: readonly MergeRequestRecord[],
): Promise<void> {
  await deleteTickets(
    tx,
    host,
    projectId,
    records.map(record => record.iid),
  );
  const rows = records.flatMap(toTicketRows);
  for (let i = 0; i < rows.length; i += 500) {
    await tx(MERGE_REQUEST_TICKETS).insert(rows.slice(i, i + 500));
  }
}

/** Deletes the ticket rows of a project's MRs. @internal */
export async function deleteTickets(
  tx: Knex.Transaction,
  host: string,
  projectId: number,
  iids: readonly number[],
): Promise<void> {
  for (let i = 0; i < iids.length; i += 500) {
    await tx(MERGE_REQUEST_TICKETS)
      .where({ host, project_id: projectId })
      .whereIn('iid', iids.slice(i, i + 500))
      .delete();
  }
}
