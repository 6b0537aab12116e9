import type { ElicitParams, McpServer } from 'lambda-mcp';
import * as z from 'zod';
import { sampledText } from './mrtr-tools.ts';

/**
 * The 2025 scenarios' sampling and elicitation tools. The same handlers serve both
 * revisions: on 2026-07-28 they answer with an InputRequiredResult (MRTR); on a 2025
 * revision they would need a server-to-client request on a live session, which a
 * stateless server cannot make, so the client gets a JSON-RPC error saying so.
 */
const defaultsForm: ElicitParams = {
  mode: 'form',
  message: 'Please review and update the form fields with defaults',
  requestedSchema: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'User name', default: 'John Doe' },
      age: { type: 'integer', description: 'User age', default: 30 },
      score: { type: 'number', description: 'User score', default: 95.5 },
      status: {
        type: 'string',
        description: 'User status',
        enum: ['active', 'inactive', 'pending'],
        default: 'active',
      },
      verified: { type: 'boolean', description: 'Verification status', default: true },
    },
    required: [],
  },
};

const enumsForm: ElicitParams = {
  mode: 'form',
  message: 'Please select options from the enum fields',
  requestedSchema: {
    type: 'object',
    properties: {
      untitledSingle: {
        type: 'string',
        description: 'Select one option',
        enum: ['option1', 'option2', 'option3'],
      },
      titledSingle: {
        type: 'string',
        description: 'Select one option with titles',
        oneOf: [
          { const: 'value1', title: 'First Option' },
          { const: 'value2', title: 'Second Option' },
          { const: 'value3', title: 'Third Option' },
        ],
      },
      legacyEnum: {
        type: 'string',
        description: 'Select one option (legacy)',
        enum: ['opt1', 'opt2', 'opt3'],
        enumNames: ['Option One', 'Option Two', 'Option Three'],
      },
      untitledMulti: {
        type: 'array',
        description: 'Select multiple options',
        minItems: 1,
        maxItems: 3,
        items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
      },
      titledMulti: {
        type: 'array',
        description: 'Select multiple options with titles',
        minItems: 1,
        maxItems: 3,
        items: {
          anyOf: [
            { const: 'value1', title: 'First Choice' },
            { const: 'value2', title: 'Second Choice' },
            { const: 'value3', title: 'Third Choice' },
          ],
        },
      },
    },
    required: [],
  },
};

export function registerClientRequestTools(server: McpServer): void {
  server
    .tool(
      'test_sampling',
      {
        description: 'Asks the client model to complete a prompt.',
        input: z.object({ prompt: z.string().describe('The prompt to send to the LLM') }),
      },
      ({ prompt }, ctx) => {
        const answer = ctx.sample('completion', {
          messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
          maxTokens: 100,
        });
        return `LLM response: ${sampledText(answer) || 'No response'}`;
      },
    )
    .tool(
      'test_elicitation',
      {
        description: 'Asks the user for a response.',
        input: z.object({ message: z.string().describe('The message to show the user') }),
      },
      ({ message }, ctx) => {
        const answer = ctx.elicit('response', {
          mode: 'form',
          message,
          requestedSchema: {
            type: 'object',
            properties: { response: { type: 'string', description: "User's response" } },
            required: ['response'],
          },
        });
        return `User response: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      },
    )
    .tool(
      'test_elicitation_sep1034_defaults',
      { description: 'Elicits a form whose fields have defaults.' },
      (_i, ctx) => {
        const answer = ctx.elicit('defaults', defaultsForm);
        return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      },
    )
    .tool(
      'test_elicitation_sep1330_enums',
      { description: 'Elicits every enum field variant.' },
      (_i, ctx) => {
        const answer = ctx.elicit('enums', enumsForm);
        return `Elicitation completed: action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;
      },
    );
}
