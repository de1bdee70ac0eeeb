/**
 * `openTelemetry()`: traces and metrics of every logical request, for `createExecutor({ telemetry })`.
 * `@opentelemetry/api` is loaded (dynamically) when this function is called, never at module load.
 * @module
 */
import type { AxiosResponse } from 'axios';
import type { Meter, MeterProvider, Tracer } from '@opentelemetry/api';
import { badOption } from '../executor/validate.js';
import { createInstruments, type Instruments } from './instruments.js';
import { loadApi, type OtelApi } from './load-api.js';
import { RequestTrace } from './request-trace.js';
import { compileRoutes, isTemplate } from './routes.js';
import type { ObservedRequest, RequestObserver, Telemetry } from './types.js';

/** Anything with `getTracer`: an OpenTelemetry `TracerProvider` (typed loosely so these types need no `@opentelemetry/api`). */
export interface TracerProviderLike {
  /** Returns a tracer. */
  getTracer(name: string, version?: string): unknown;
}

/** Anything with `getMeter`: an OpenTelemetry `MeterProvider`. */
export interface MeterProviderLike {
  /** Returns a meter. */
  getMeter(name: string, version?: string): unknown;
}

/**
 * Options of {@link openTelemetry}. Every field is optional.
 *
 * @example
 * ```ts
 * const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
 * openTelemetry({ tracerProvider: provider, meterProvider, routes: ['/v1/order', '/v1/client/order/{client_order_id}'] });
 * ```
 */
export interface OpenTelemetryOptions {
  /** Where spans go. @default the global tracer provider (`trace.getTracerProvider()`; one registered later is followed) */
  readonly tracerProvider?: TracerProviderLike;
  /** Where metrics go. @default the global meter provider, looked up per request (one registered later is used) */
  readonly meterProvider?: MeterProviderLike;
  /**
   * The API's path templates, e.g. `['/v1/order', '/v1/client/order/{client_order_id}']`: a request whose path matches
   * one gets `url.template` and a span name `POST /v1/order`. Paths none matches get `POST` alone, never the raw path.
   * @default []
   */
  readonly routes?: readonly string[];
}

/** The scope name of resolute's tracer and meter. */
export const SCOPE = 'resolute';

interface Ready {
  readonly api: OtelApi;
  readonly tracer: Tracer;
}

class OpenTelemetry implements Telemetry {
  readonly #tracerProvider: TracerProviderLike | undefined;
  readonly #meterProvider: MeterProviderLike | undefined;
  readonly #template: (path: string) => string | undefined;
  readonly #loading: Promise<Ready>;
  #ready: Ready | undefined;
  #meterSource: unknown;
  #instruments: Instruments | undefined;

  constructor(o: OpenTelemetryOptions) {
    this.#tracerProvider = o.tracerProvider;
    this.#meterProvider = o.meterProvider;
    this.#template = compileRoutes(o.routes ?? []);
    this.#loading = loadApi().then((api) => {
      const tracer = (this.#tracerProvider ? this.#tracerProvider.getTracer(SCOPE) : api.trace.getTracer(SCOPE)) as Tracer;
      this.#ready = { api, tracer };
      return this.#ready;
    });
    this.#loading.catch(() => undefined); // surfaced by the first request, not as an unhandled rejection
  }

  observe(req: ObservedRequest, run: (observer: RequestObserver) => Promise<AxiosResponse>): Promise<AxiosResponse> {
    const ready = this.#ready;
    if (ready) return this.#observe(ready, req, run);
    return this.#loading.then((r) => this.#observe(r, req, run));
  }

  #observe(r: Ready, req: ObservedRequest, run: (observer: RequestObserver) => Promise<AxiosResponse>): Promise<AxiosResponse> {
    const trace = new RequestTrace({ api: r.api, tracer: r.tracer, instruments: this.#instrumentsOf(r.api), template: this.#template }, req);
    return r.api.context.with(trace.context, run, undefined, trace).then(
      (response) => {
        trace.finish(false);
        return response;
      },
      (error: unknown) => {
        trace.finish(true, error);
        throw error;
      },
    );
  }

  /** The instruments, made again when the global meter provider has changed since the last request. */
  #instrumentsOf(api: OtelApi): Instruments {
    const source: MeterProviderLike | MeterProvider = this.#meterProvider ?? api.metrics.getMeterProvider();
    if (this.#instruments === undefined || source !== this.#meterSource) {
      this.#meterSource = source;
      this.#instruments = createInstruments(source.getMeter(SCOPE) as Meter);
    }
    return this.#instruments;
  }
}

/**
 * Telemetry for `createExecutor({ telemetry })`: a CLIENT span per logical request (named per the HTTP semantic
 * conventions) with a child span per send, throttle wait, backoff, 2FA resubmission and verification, and the
 * `resolute.*` metrics. Needs the optional peer `@opentelemetry/api` (loaded now, asynchronously; if it is missing,
 * requests fail before sending, with an error naming the package). No header, body, query value, URL credential or
 * 2FA code is ever recorded.
 *
 * @example
 * ```ts
 * import { trace, metrics } from '@opentelemetry/api';
 * const executor = createExecutor({
 *   profile: profiles.orderly,
 *   telemetry: openTelemetry({ tracerProvider: trace.getTracerProvider(), meterProvider: metrics.getMeterProvider(), routes: ['/v1/order'] }),
 * });
 * ```
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): Telemetry {
  if (typeof options !== 'object' || options === null) badOption('openTelemetry(options)', 'an object', options);
  const { tracerProvider, meterProvider, routes } = options;
  if (tracerProvider !== undefined && typeof (tracerProvider as Partial<TracerProviderLike> | null)?.getTracer !== 'function') {
    badOption('openTelemetry.tracerProvider', 'a TracerProvider (with getTracer)', tracerProvider);
  }
  if (meterProvider !== undefined && typeof (meterProvider as Partial<MeterProviderLike> | null)?.getMeter !== 'function') {
    badOption('openTelemetry.meterProvider', 'a MeterProvider (with getMeter)', meterProvider);
  }
  if (routes !== undefined) {
    if (!Array.isArray(routes)) badOption('openTelemetry.routes', 'an array of path templates', routes);
    routes.forEach((t: unknown, i) => {
      if (!isTemplate(t)) badOption(`openTelemetry.routes[${i}]`, 'a path template starting with "/"', t);
    });
  }
  return new OpenTelemetry({ ...options, routes: routes ? [...routes] : [] });
}
