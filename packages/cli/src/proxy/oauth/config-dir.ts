import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's configuration folder for lambda-mcp: `LAMBDA_MCP_CONFIG_DIR` when set (tests,
 * and users who keep credentials elsewhere), else the platform's convention.
 */
export function userConfigDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.LAMBDA_MCP_CONFIG_DIR) return env.LAMBDA_MCP_CONFIG_DIR;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'lambda-mcp');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'lambda-mcp');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'lambda-mcp');
}
