// Every place a libpq / pg connection string carries a secret: the URL's userinfo password and
// these parameters (the key file's path is redacted too: it says where the private key lives).
const SECRET_PARAMETERS = new Set(['password', 'sslpassword', 'sslkey']);
const MASK = '***';

/** The connection string with every credential replaced by `***`, for logs and the start banner. */
export function redactConnectionString(connectionString: string): string {
  if (!/^postgres(ql)?:\/\//i.test(connectionString.trim())) return redactKeywordForm(connectionString);
  let url: URL;
  try {
    url = new URL(connectionString.trim());
  } catch {
    return 'a Postgres server (unparseable DATABASE_URL)';
  }
  if (url.password) url.password = MASK;
  // Rebuilt by hand: URLSearchParams would percent-encode the mask and reorder nothing, but
  // a parameter may be repeated (pg reads the last one), so every occurrence is masked.
  const params = [...url.searchParams].map(([name, value]) => [
    name,
    SECRET_PARAMETERS.has(name.toLowerCase()) ? MASK : value,
  ]);
  url.search = '';
  const query = params.map(([name, value]) => `${encodeURIComponent(name!)}=${encodeParam(value!)}`);
  return query.length ? `${url.toString()}?${query.join('&')}` : url.toString();
}

const encodeParam = (value: string) => (value === MASK ? MASK : encodeURIComponent(value));

/** `host=db user=app password='s e c r e t'`: the libpq keyword/value form. */
function redactKeywordForm(connectionString: string): string {
  return connectionString.replace(
    /\b(password|sslpassword|sslkey)(\s*=\s*)('(?:[^'\\]|\\.)*'|\S*)/gi,
    (_match, name: string, equals: string) => `${name}${equals}${MASK}`,
  );
}
