import { nearest } from '../../../config/editDistance';
import { ask, failed } from './gitlabAnswers';
import { ProjectCheckContext } from './projectContext';

/** Pages of the token user's projects read per health run at most (100 each). */
const MEMBER_PAGES = 10;

/**
 * The paths of the projects the token's user is a member of
 * (`GET /projects?membership=true&simple=true`), read once per health run:
 * they still hint at the right path when the token cannot list the group.
 * @internal
 */
export function memberPaths(context: ProjectCheckContext): Promise<string[]> {
  context.memberPaths ??= (async () => {
    const paths: string[] = [];
    for (let page = 1; page <= MEMBER_PAGES; page++) {
      const answer = await ask(context.client, 'projects', {
        membership: 'true',
        simple: 'true',
        per_page: '100',
        page: String(page),
      });
      if (
        failed(answer) ||
        answer.status !== 200 ||
        !Array.isArray(answer.body)
      ) {
        break;
      }
      for (const project of answer.body) {
        const path = (project as { path_with_namespace?: unknown })
          .path_with_namespace;
        if (typeof path === 'string') paths.push(path);
      }
      if (answer.body.length < 100) break;
    }
    return paths;
  })();
  return context.memberPaths;
}

function segments(path: string): string[] {
  return path.toLowerCase().split('/');
}

/** Whether one path is the other with one group more or less (a missing or extra subgroup). */
function oneGroupApart(a: string, b: string): boolean {
  const [short, long] = [segments(a), segments(b)].sort(
    (x, y) => x.length - y.length,
  );
  if (long.length !== short.length + 1) return false;
  if (short[short.length - 1] !== long[long.length - 1]) return false;
  let i = 0;
  for (const part of long) {
    if (part === short[i]) i += 1;
  }
  return i === short.length;
}

/**
 * The member project a missing path most likely means: the same path in
 * another case, with a subgroup missing or extra, or a few characters off
 * (at most a quarter of the path, and at least three).
 * @internal
 */
export function closestMemberPath(
  wanted: string,
  paths: readonly string[],
): string | undefined {
  const lower = wanted.toLowerCase();
  const sameCase = paths.find(p => p.toLowerCase() === lower);
  if (sameCase) return sameCase;
  const group = paths.find(p => oneGroupApart(wanted, p));
  if (group) return group;
  return nearest(wanted, paths, Math.max(3, Math.floor(wanted.length / 4)));
}
