/**
 * The real OpenTelemetry SDKs, exporting to memory: a tracer provider whose finished spans land in an
 * `InMemorySpanExporter`, and a meter provider whose reader exports to an `InMemoryMetricExporter` on demand.
 */
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  PeriodicExportingMetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';

/** The SDKs and what they exported. */
export interface OtelSdk {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** Finished spans, in the order they ended. */
  spans(): ReadableSpan[];
  /** Collects the metrics now (cumulative) and returns the export. */
  collect(): Promise<ResourceMetrics>;
  /** Shuts both providers down. */
  shutdown(): Promise<void>;
}

/** Starts both SDKs. */
export function otelSdk(): OtelSdk {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // The interval never fires during a test: collect() flushes on demand.
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => spanExporter.getFinishedSpans(),
    async collect() {
      await reader.forceFlush();
      const all = metricExporter.getMetrics();
      const last = all[all.length - 1];
      if (!last) throw new Error('no metrics were exported');
      return last;
    },
    async shutdown() {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/** The metric named `name`, if any was recorded. */
export function metric(rm: ResourceMetrics, name: string): MetricData | undefined {
  for (const sm of rm.scopeMetrics) for (const m of sm.metrics) if (m.descriptor.name === name) return m;
  return undefined;
}

/** A counter's data points as `[attributes, value]` pairs (none when it was never incremented). */
export function counts(rm: ResourceMetrics, name: string): Array<[Record<string, unknown>, number]> {
  const m = metric(rm, name);
  return (m?.dataPoints ?? []).map((p) => [p.attributes as Record<string, unknown>, p.value as number]);
}

/** Sum of a counter over the points whose attributes include `where`. */
export function total(rm: ResourceMetrics, name: string, where: Record<string, unknown> = {}): number {
  return counts(rm, name)
    .filter(([a]) => Object.entries(where).every(([k, v]) => a[k] === v))
    .reduce((n, [, v]) => n + v, 0);
}

/** A histogram's data points. */
export function histogram(rm: ResourceMetrics, name: string): Array<DataPoint<Histogram>> {
  return (metric(rm, name)?.dataPoints ?? []) as Array<DataPoint<Histogram>>;
}

/** Everything an exporter would send: span names, kinds, attributes, events, statuses, links, resources, scopes; and the metrics. */
export function exported(spans: readonly ReadableSpan[], rm: ResourceMetrics): string {
  const s = spans.map((x) => ({
    name: x.name,
    kind: x.kind,
    attributes: x.attributes,
    events: x.events,
    status: x.status,
    links: x.links,
    resource: x.resource.attributes,
    scope: x.instrumentationScope,
  }));
  return JSON.stringify(s) + JSON.stringify(rm);
}

/** A span's children, oldest first. */
export function childrenOf(spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  const id = parent.spanContext().spanId;
  const ms = (t: readonly [number, number]): number => t[0] * 1e3 + t[1] / 1e6;
  return spans
    .filter((s) => s.parentSpanContext?.spanId === id)
    .sort((a, b) => ms(a.startTime) - ms(b.startTime) || ms(a.endTime) - ms(b.endTime));
}
