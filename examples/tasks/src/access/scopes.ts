import type { AccessRule } from 'lambda-mcp';

/** Reading tools, resources and prompts: lists, gets, stats, sprint and standup prompts. */
export const READ_SCOPE = 'tasks:read';
/** Tools that change data: create, update, assign, complete, delete, projects, members. */
export const WRITE_SCOPE = 'tasks:write';
/** Every scope this server knows, in the order keys list them. */
export const TASKS_SCOPES: readonly string[] = [READ_SCOPE, WRITE_SCOPE];

/** The `auth` rule of everything that only reads. */
export const readAccess: AccessRule = { scopes: [READ_SCOPE] };
/** The `auth` rule of every tool that writes. */
export const writeAccess: AccessRule = { scopes: [WRITE_SCOPE] };
