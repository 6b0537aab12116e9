import { type McpServer, ToolError } from 'lambda-mcp';
import { pause, TEST_AUDIO_BASE64, TEST_IMAGE_BASE64 } from './fixtures.ts';

/** Tools that return each kind of content block, log, report progress or fail. */
export function registerContentTools(server: McpServer): void {
  server
    .tool('test_simple_text', { description: 'Returns one text block.' }, () => [
      { type: 'text', text: 'This is a simple text response for testing.' },
    ])
    .tool('test_image_content', { description: 'Returns one PNG image block.' }, () => [
      { type: 'image', data: TEST_IMAGE_BASE64, mimeType: 'image/png' },
    ])
    .tool('test_audio_content', { description: 'Returns one WAV audio block.' }, () => [
      { type: 'audio', data: TEST_AUDIO_BASE64, mimeType: 'audio/wav' },
    ])
    .tool('test_embedded_resource', { description: 'Returns an embedded text resource.' }, () => [
      {
        type: 'resource',
        resource: {
          uri: 'test://embedded-resource',
          mimeType: 'text/plain',
          text: 'This is an embedded resource content.',
        },
      },
    ])
    .tool(
      'test_multiple_content_types',
      { description: 'Returns text, an image and an embedded resource together.' },
      () => [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: TEST_IMAGE_BASE64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    )
    .tool(
      'test_tool_with_logging',
      { description: 'Sends three info log messages while it runs.' },
      async (_input, ctx) => {
        ctx.log('info', 'Tool execution started');
        await pause(50);
        ctx.log('info', 'Tool processing data');
        await pause(50);
        ctx.log('info', 'Tool execution completed');
        return 'Tool with logging executed successfully';
      },
    )
    // The stateless revision sends log messages only when the request's _meta sets a logLevel.
    .tool(
      'test_logging_tool',
      { description: 'Logs at debug, info and warning, then answers.' },
      (_input, ctx) => {
        ctx.log('debug', 'debug message');
        ctx.log('info', 'info message');
        ctx.log('warning', 'warning message');
        return 'Logged at debug, info and warning.';
      },
    )
    .tool(
      'test_tool_with_progress',
      { description: 'Reports progress 0, 50 and 100 of 100 when the request carries a progressToken.' },
      async (_input, ctx) => {
        for (const step of [0, 50, 100]) {
          ctx.progress(step, 100, `Completed step ${step} of 100`);
          if (step < 100) await pause(50);
        }
        return String(ctx.meta.progressToken ?? 'no progress token');
      },
    )
    .tool('test_error_handling', { description: 'Always fails, as an isError result.' }, () => {
      throw new ToolError('This tool intentionally returns an error for testing');
    });
}
