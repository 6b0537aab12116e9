import type { McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { readAccess, writeAccess } from '../access/scopes.ts';
import { findProject, listMembers, upsertMember } from '../db/project-queries.ts';
import { type TasksDeps, withDatabase } from './database-access.ts';
import * as shape from './schemas.ts';
import { projectNotFound } from './tool-errors.ts';

/** add_member and list_members: who may be assigned tasks in a project. */
export function registerMemberTools(server: McpServer, deps: TasksDeps): void {
  server.tool(
    'add_member',
    {
      title: 'Add project member',
      description:
        'Add a person to a project so tasks can be assigned to them. Adding an existing member updates their name and role.',
      input: z.object({
        project_id: shape.projectId,
        user_id: shape.userId,
        display_name: shape.text({ max: 100 }).describe('Name to show, e.g. "Ada Lovelace"'),
        role: z
          .enum(['owner', 'member', 'viewer'], { error: 'must be one of owner, member, viewer' })
          .default('member'),
      }),
      output: shape.memberOutput,
      annotations: { destructiveHint: false, idempotentHint: true, openWorldHint: false },
      auth: writeAccess,
    },
    ({ project_id, user_id, display_name, role }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        if (!(await findProject(db, tenant, project_id))) throw projectNotFound(project_id);
        return upsertMember(db, { projectId: project_id, userId: user_id, displayName: display_name, role });
      }),
  );

  server.tool(
    'list_members',
    {
      title: 'List project members',
      description:
        'List the members of a project: the user ids that assign_task and create_task accept as assignee_id.',
      input: z.object({ project_id: shape.projectId }),
      output: z.object({ members: z.array(shape.memberOutput) }),
      annotations: { readOnlyHint: true, openWorldHint: false },
      auth: readAccess,
    },
    ({ project_id }, ctx) =>
      withDatabase(deps, ctx, async (db, tenant) => {
        if (!(await findProject(db, tenant, project_id))) throw projectNotFound(project_id);
        return { members: await listMembers(db, project_id) };
      }),
  );
}
