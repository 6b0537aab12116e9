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

/**
 * Emits one set of metrics that share dimensions: through Powertools `Metrics` when given
 * (it adds its own `service` dimension), else as one CloudWatch Embedded Metric Format line.
 */
export function emitMetrics(
  target: { metrics?: MetricsLike; namespace: string; write: (line: string) => void },
  dimensions: Record<string, string>,
  data: readonly MetricDatum[],
): void {
  if (target.metrics) {
    for (const [name, value] of Object.entries(dimensions)) {
      if (name !== 'service') target.metrics.addDimension(name, value);
    }
    for (const datum of data) target.metrics.addMetric(datum.name, datum.unit, datum.value);
    target.metrics.publishStoredMetrics();
    return;
  }
  target.write(emfLine(target.namespace, dimensions, data, Date.now()));
}

/** https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html */
export function emfLine(
  namespace: string,
  dimensions: Record<string, string>,
  data: readonly MetricDatum[],
  timestamp: number,
): string {
  const document: Record<string, unknown> = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: data.map(({ name, unit }) => ({ Name: name, Unit: unit })),
        },
      ],
    },
    ...dimensions,
  };
  for (const datum of data) document[datum.name] = datum.value;
  return JSON.stringify(document);
}
