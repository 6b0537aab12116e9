/** The part of a Powertools for AWS Lambda `Metrics` instance this package uses. */
export interface MetricsLike {
  addDimension(name: string, value: string): unknown;
  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): unknown;
  publishStoredMetrics(): unknown;
}

export interface MetricDatum {
  name: string;
  unit: 'Count' | 'Milliseconds';
  value: number;
}

/** Metrics that share one set of dimensions. */
export interface MetricGroup {
  dimensions: Record<string, string>;
  data: readonly MetricDatum[];
}

/**
 * Emits groups of metrics: through Powertools `Metrics` when given (one publish per group;
 * it adds its own `service` dimension), else as one CloudWatch Embedded Metric Format line
 * with a directive per group.
 */
export function emitMetrics(
  target: { metrics?: MetricsLike; namespace: string; write: (line: string) => void },
  groups: readonly MetricGroup[],
): void {
  const { metrics } = target;
  if (metrics) {
    for (const { dimensions, data } of groups) {
      for (const [name, value] of Object.entries(dimensions)) {
        if (name !== 'service') metrics.addDimension(name, value);
      }
      for (const datum of data) metrics.addMetric(datum.name, datum.unit, datum.value);
      metrics.publishStoredMetrics();
    }
    return;
  }
  target.write(emfDocument(target.namespace, groups, Date.now()));
}

/** One group as an EMF line. */
export function emfLine(
  namespace: string,
  dimensions: Record<string, string>,
  data: readonly MetricDatum[],
  timestamp: number,
): string {
  return emfDocument(namespace, [{ dimensions, data }], timestamp);
}

/**
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * Dimension values and metric values live at the root, shared by every directive; each
 * directive names the dimensions and metrics it takes from there. Metric names must
 * therefore be unique across the groups of one document.
 */
export function emfDocument(namespace: string, groups: readonly MetricGroup[], timestamp: number): string {
  const root: Record<string, unknown> = {};
  for (const { dimensions, data } of groups) {
    Object.assign(root, dimensions);
    for (const datum of data) root[datum.name] = datum.value;
  }
  const values = JSON.stringify(root);
  const head = emfHead(namespace, groups, timestamp);
  return values === '{}' ? `{${head}}` : `{${head},${values.slice(1)}`;
}

/**
 * The `"_aws":{…}` member of an EMF document, without braces: the metadata that turns a
 * JSON log line whose root holds the dimension and metric values into metrics.
 */
export function emfHead(namespace: string, groups: readonly MetricGroup[], timestamp: number): string {
  return emfHeadWith(directivesJson(namespace, groups), timestamp);
}

/** `emfHead` from directives already serialised (`directivesJson`). */
export function emfHeadWith(directives: string, timestamp: number): string {
  return `"_aws":{"Timestamp":${timestamp},"CloudWatchMetrics":${directives}}`;
}

// The directives depend only on the namespace and which dimensions and metrics each group
// has, so a handful of shapes repeat on every request: serialised once each.
const directiveCache = new Map<string, string>();
const DIRECTIVE_CACHE_LIMIT = 1_000;

/** The `CloudWatchMetrics` array of an EMF document with these groups, as JSON. */
export function directivesJson(namespace: string, groups: readonly MetricGroup[]): string {
  let key = namespace;
  for (const { dimensions, data } of groups) {
    key += `\u0000${Object.keys(dimensions).join(',')}`;
    for (const datum of data) key += `,${datum.name}/${datum.unit}`;
  }
  const cached = directiveCache.get(key);
  if (cached !== undefined) return cached;
  const json = JSON.stringify(
    groups.map(({ dimensions, data }) => ({
      Namespace: namespace,
      Dimensions: [Object.keys(dimensions)],
      Metrics: data.map(({ name, unit }) => ({ Name: name, Unit: unit })),
    })),
  );
  if (directiveCache.size < DIRECTIVE_CACHE_LIMIT) directiveCache.set(key, json);
  return json;
}
