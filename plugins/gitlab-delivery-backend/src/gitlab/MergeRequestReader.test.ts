import {
  GitlabSimulator,
  startSimulator,
} from '@delivery-insights/gitlab-simulator';
import { DateTime } from 'luxon';
import { captureLogger } from './__testUtils__/captureLogger';
import { GitlabClient } from './GitlabClient';
import { MergeRequestReader } from './MergeRequestReader';
import { MergeRequestPage } from './types';

const NOW = '2025-06-02T00:00:00.000Z';

async function collect(pages: AsyncGenerator<MergeRequestPage>) {
  const all: MergeRequestPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe.each(['17.5.0', '15.0.0'])(
  'MergeRequestReader on GitLab %s',
  version => {
    let sim: GitlabSimulator;
    let client: GitlabClient;
    let reader: MergeRequestReader;

    beforeAll(async () => {
      sim = await startSimulator({
        generate: { seed: 11, projects: 1, mrsPerProject: 230, now: NOW },
        version,
      });
      client = new GitlabClient({
        instance: {
          host: new URL(sim.url).host,
          apiBaseUrl: `${sim.url}/api/v4`,
          baseUrl: sim.url,
          token: 'glpat-demo-token',
          requestsPerMinute: 1_000_000,
        },
        logger: captureLogger().logger,
        requestTimeoutMs: 5_000,
      });
      reader = new MergeRequestReader(client);
    });

    afterAll(async () => {
      await client?.close();
      await sim?.close();
    });

    it('lists the MRs changed since a time in pages of at most 100, oldest first', async () => {
      const project = sim.data.projects[0];
      const sorted = [...project.mergeRequests].sort(
        (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt),
      );
      // Since the 21st oldest change (second precision, as GitLab's GraphQL).
      const since = DateTime.fromISO(sorted[20].updatedAt, { zone: 'utc' })
        .startOf('second')
        .toISO()!;
      const expected = sorted.filter(
        mr => Date.parse(mr.updatedAt) >= Date.parse(since),
      );
      sim.clearRequests();
      const pages = await collect(reader.changedSince(project.path, since));
      const listed = pages.flatMap(p => p.mergeRequests);
      expect(pages.every(p => p.mergeRequests.length <= 100)).toBe(true);
      expect(listed.map(mr => mr.iid)).toEqual(expected.map(mr => mr.iid));
      expect(pages[0].project).toEqual({
        id: project.id,
        fullPath: project.path,
        webUrl: `${sim.url}/${project.path}`,
      });
      const listRequests = sim.requests.filter(
        r => r.operationName === 'DeliveryMergeRequests',
      );
      // 210 MRs: three pages either way (newest first on old GitLab stops at `since`),
      // plus one rejected query on old GitLab that teaches the client what is missing.
      expect(listRequests.length).toBe(version === '15.0.0' ? 4 : 3);
    });

    it('pages the notes of an MR with more than 100 notes', async () => {
      const project = sim.data.projects[0];
      const [busy, quiet] = project.mergeRequests;
      const commenter = sim.data.users.find(
        u => !u.bot && u.id !== busy.authorId,
      )!;
      for (let i = 0; i < 230; i += 1) {
        busy.notes.push({
          authorId: commenter.id,
          body: `comment ${i}`,
          createdAt: DateTime.fromISO(busy.createdAt)
            .plus({ minutes: i + 1 })
            .toISO()!,
        });
      }
      sim.clearRequests();
      const notes = await reader.notes(project.path, [busy.iid, quiet.iid]);
      const bodies = notes.get(busy.iid)!.map(n => n.body);
      for (let i = 0; i < 230; i += 1) expect(bodies).toContain(`comment ${i}`);
      expect(notes.get(quiet.iid)).toBeDefined();
      expect(sim.requests.map(r => r.operationName)).toEqual([
        'DeliveryMergeRequestNotes',
        'DeliveryMergeRequestNotesPage',
        'DeliveryMergeRequestNotesPage',
      ]);
    });

    it('reports a project it cannot see as not_found, naming the annotation', async () => {
      await expect(
        collect(reader.changedSince('nobody/nothing', NOW)),
      ).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringContaining('gitlab.com/project-slug'),
      });
      await expect(reader.getProject(999_999)).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringContaining('gitlab.com/project-id'),
      });
    });
  },
);
