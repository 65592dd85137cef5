import type { GitlabSimulator } from '../server';
import { graphql } from '../testing/client';
import {
  graphqlMergeRequest,
  openMergeRequest,
  rest,
  startScenario,
} from '../testing/scenario';

const NOTE_FIELDS = `
  approvedBy { nodes { username } }
  notes { nodes { body system systemNoteIconName systemNoteMetadata { action } author { username } } }`;

async function approveThenUnapprove(sim: GitlabSimulator): Promise<number> {
  const iid = openMergeRequest(sim);
  sim.act({ action: 'approve', project: 'platform/app', iid, user: 'bob' });
  sim.act({ action: 'approve', project: 'platform/app', iid, user: 'carol' });
  sim.advance(5_000);
  sim.act({ action: 'unapprove', project: 'platform/app', iid, user: 'bob' });
  return iid;
}

describe('approvals', () => {
  it('keeps the approval note when unapproving, adds the unapproval note and lists current approvers only (remove_approval_service.rb, merge_requests_service.rb)', async () => {
    const sim = await startScenario();
    try {
      const iid = await approveThenUnapprove(sim);
      const mr = await graphqlMergeRequest(sim, iid, NOTE_FIELDS);
      expect(mr.approvedBy.nodes).toEqual([{ username: 'carol' }]);
      expect(mr.notes.nodes).toEqual([
        {
          body: 'approved this merge request',
          system: true,
          systemNoteIconName: 'check',
          systemNoteMetadata: { action: 'approved' },
          author: { username: 'bob' },
        },
        {
          body: 'approved this merge request',
          system: true,
          systemNoteIconName: 'check',
          systemNoteMetadata: { action: 'approved' },
          author: { username: 'carol' },
        },
        {
          body: 'unapproved this merge request',
          system: true,
          systemNoteIconName: 'unapproval',
          systemNoteMetadata: { action: 'unapproved' },
          author: { username: 'bob' },
        },
      ]);
      const approvals = (
        await rest(sim, `/projects/1/merge_requests/${iid}/approvals`)
      ).body;
      expect(approvals.approved_by.map((a: any) => a.user.username)).toEqual([
        'carol',
      ]);
    } finally {
      await sim.close();
    }
  });

  it('uses the older icon names before 16.0 (system_note_helper.rb)', async () => {
    const sim = await startScenario({ version: '15.11.0' });
    try {
      const iid = await approveThenUnapprove(sim);
      const mr = await graphqlMergeRequest(
        sim,
        iid,
        'notes { nodes { systemNoteIconName } }',
      );
      expect(mr.notes.nodes.map((n: any) => n.systemNoteIconName)).toEqual([
        'approval',
        'approval',
        'unapproval',
      ]);
    } finally {
      await sim.close();
    }
  });

  it('has no Note.systemNoteMetadata before 15.7 (types/notes/note_type.rb, gitlab-org/gitlab!106216)', async () => {
    const sim = await startScenario({ version: '15.4.0' });
    try {
      const res = await graphql(
        sim,
        `
          {
            project(fullPath: "platform/app") {
              mergeRequests {
                nodes {
                  notes {
                    nodes {
                      systemNoteMetadata {
                        action
                      }
                    }
                  }
                }
              }
            }
          }
        `,
        {},
        'glpat-reader',
      );
      expect(res.body.errors[0].message).toBe(
        "Field 'systemNoteMetadata' doesn't exist on type 'Note'",
      );
    } finally {
      await sim.close();
    }
  });

  const internalNoteQuery = `{ project(fullPath: "platform/app") { mergeRequests { nodes { notes { nodes { internal confidential } } } } } }`;

  async function internalNoteAnswer(version: string) {
    const sim = await startScenario({ version });
    try {
      const iid = openMergeRequest(sim);
      sim.act({
        action: 'comment',
        project: 'platform/app',
        iid,
        user: 'bob',
        body: 'for the team only',
        internal: true,
      });
      return (await graphql(sim, internalNoteQuery, {}, 'glpat-reader')).body;
    } finally {
      await sim.close();
    }
  }

  it('has no Note.internal before 15.5 (types/notes/note_type.rb)', async () => {
    const body = await internalNoteAnswer('15.4.0');
    expect(body.errors[0].message).toBe(
      "Field 'internal' doesn't exist on type 'Note'",
    );
  });

  it('has Note.internal from 15.5, when it renamed confidential (types/notes/note_type.rb)', async () => {
    const body = await internalNoteAnswer('15.5.0');
    const notes = body.data.project.mergeRequests.nodes.flatMap(
      (mr: any) => mr.notes.nodes,
    );
    expect(notes).toContainEqual({ internal: true, confidential: true });
  });

  it('refuses a second approval, self-approval and unapproving without an approval', async () => {
    const sim = await startScenario();
    try {
      const iid = openMergeRequest(sim);
      sim.act({ action: 'approve', project: 'platform/app', iid, user: 'bob' });
      expect(() =>
        sim.act({
          action: 'approve',
          project: 'platform/app',
          iid,
          user: 'bob',
        }),
      ).toThrow(/already approved/);
      expect(() =>
        sim.act({
          action: 'approve',
          project: 'platform/app',
          iid,
          user: 'alice',
        }),
      ).toThrow(/author/);
      expect(() =>
        sim.act({
          action: 'unapprove',
          project: 'platform/app',
          iid,
          user: 'carol',
        }),
      ).toThrow(/has not approved/);
    } finally {
      await sim.close();
    }
  });
});
