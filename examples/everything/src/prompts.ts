import type { McpServer } from 'lambda-mcp';
import { TEST_IMAGE_BASE64 } from './fixtures.ts';

const CITIES = ['paris', 'park', 'party', 'perth', 'porto', 'prague'];

export function registerPrompts(server: McpServer): void {
  server
    .prompt(
      'test_simple_prompt',
      { title: 'Simple Test Prompt', description: 'A simple prompt without arguments' },
      () => 'This is a simple prompt for testing.',
    )
    .prompt(
      'test_prompt_with_arguments',
      {
        title: 'Prompt With Arguments',
        description: 'A prompt with required arguments',
        arguments: [
          { name: 'arg1', description: 'First test argument', required: true },
          { name: 'arg2', description: 'Second test argument', required: true },
        ],
      },
      ({ arg1, arg2 }) => `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`,
      { complete: { arg1: (value) => CITIES.filter((city) => city.startsWith(value.toLowerCase())) } },
    )
    .prompt(
      'test_prompt_with_embedded_resource',
      {
        title: 'Prompt With Embedded Resource',
        description: 'A prompt that includes an embedded resource',
        arguments: [{ name: 'resourceUri', description: 'URI of the resource to embed', required: true }],
      },
      ({ resourceUri }) => [
        {
          role: 'user',
          content: {
            type: 'resource',
            resource: {
              uri: resourceUri as string,
              mimeType: 'text/plain',
              text: 'Embedded resource content for testing.',
            },
          },
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ],
    )
    .prompt(
      'test_prompt_with_image',
      { title: 'Prompt With Image', description: 'A prompt that includes image content' },
      () => [
        { role: 'user', content: { type: 'image', data: TEST_IMAGE_BASE64, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    )
    // MRTR works on prompts/get too: the prompt asks what context to use before it renders.
    .prompt(
      'test_input_required_result_prompt',
      { description: 'Asks what context to use, then renders a prompt with it.' },
      (_args, ctx) => {
        const answer = ctx.elicit('user_context', {
          message: 'What context should the prompt use?',
          requestedSchema: {
            type: 'object',
            properties: { context: { type: 'string' } },
            required: ['context'],
          },
        });
        const context = answer.action === 'accept' ? String(answer.content?.context ?? '') : 'none';
        return `Answer using this context: ${context}`;
      },
    );
}
