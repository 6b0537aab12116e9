/**
 * The environment for every process the consumer test starts: this one's, minus what would
 * make a consumer see the repository instead of the tarball. NODE_OPTIONS carries the
 * `@lambda-mcp/source` condition in `npm test`, which would resolve lambda-mcp to its `.ts`
 * sources; npm's own variables from the outer `npm test` (its prefix, workspace and package)
 * would point a nested `npm install` back at the repository. NODE_TEST_CONTEXT, set by the
 * test runner for its test files, would turn a consumer's own `node --test` into a silent
 * child reporter.
 */
export function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || name === 'INIT_CWD' || name === 'NODE_TEST_CONTEXT') continue;
    if (/^npm_(package|lifecycle)_/i.test(name)) continue;
    if (/^npm_config_(prefix|local_prefix|workspaces?|include_workspace_root|node_options)$/i.test(name))
      continue;
    env[name] = value;
  }
  return env;
}
