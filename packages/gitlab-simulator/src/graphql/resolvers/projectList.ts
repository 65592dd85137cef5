import { toMillis } from '../../time';
import type { KeysetColumn } from '../connection';
import type { ProjectNode } from './context';
import { cursorTime, parseCursorTime } from './mergeRequestList';

/**
 * Keyset columns for `Query.projects(sort:)`, a `<field>_<direction>` string as
 * ProjectsFinder reads it; without one GitLab orders by id, newest first
 * (`projects_order_id_desc`). Unknown values fall back to that.
 */
export function projectColumns(
  sort?: string | null,
): KeysetColumn<ProjectNode>[] {
  const match = /^(id|name|path|created)_(asc|desc)$/.exec(sort ?? '');
  const field = match?.[1] ?? 'id';
  const descending = (match?.[2] ?? 'desc') === 'desc';
  const id: KeysetColumn<ProjectNode> = {
    name: 'id',
    value: node => node.project.id,
    descending,
  };
  switch (field) {
    case 'name':
      return [
        {
          name: 'name',
          value: n => (n.project.name ?? '').toLowerCase(),
          parse: t => t,
          descending,
        },
        id,
      ];
    case 'path':
      return [
        {
          name: 'path',
          value: n => n.project.path.toLowerCase(),
          parse: t => t,
          descending,
        },
        id,
      ];
    case 'created':
      return [
        {
          name: 'created_at',
          value: n => toMillis(n.project.createdAt) || 0,
          format: cursorTime,
          parse: parseCursorTime,
          descending,
        },
        id,
      ];
    default:
      return [id];
  }
}
