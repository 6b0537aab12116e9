import type { ApiKeyInfo } from 'lambda-mcp/auth';

/** `active`, `revoked <when>` or `expired <when>` (revocation wins: it was a decision). */
export function keyStatus(info: ApiKeyInfo, now: number = Date.now()): string {
  if (info.revokedAt) return `revoked ${info.revokedAt}`;
  if (info.expiresAt && Date.parse(info.expiresAt) <= now) return `expired ${info.expiresAt}`;
  return info.expiresAt ? `active until ${info.expiresAt}` : 'active';
}

/** The keys as a table with a header row, columns padded to their widest value. */
export function keyTable(keys: readonly ApiKeyInfo[], now: number = Date.now()): string {
  const rows = [
    ['KEY ID', 'TENANT', 'NAME', 'SCOPES', 'CREATED', 'STATUS'],
    ...keys.map((info) => [
      info.keyId,
      info.tenant,
      info.name,
      info.scopes.join(' ') || '-',
      info.createdAt,
      keyStatus(info, now),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '),
    )
    .join('\n');
}
