/**
 * One logical request as OpenTelemetry sees it: a CLIENT span for the whole request, INTERNAL child spans for
 * each send (`resolute.attempt`), each wait before a resend (`resolute.throttle`, `resolute.backoff`,
 * `resolute.otp`) and each verification (`resolute.verify`, one event per check), and the metrics. Attributes
 * come from `attributes.ts`: nothing here reads a header, a body or a 2FA code.
 * @module
 */
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import type { Action, Verdict } from '../policy/types.js';
import { ATTR, errorClass, failureType, methodAttr, spanName, targetOf } from './attributes.js';
import type { Instruments } from './instruments.js';
import type { OtelApi } from './load-api.js';
import type { CheckOutcome, ObservedRequest, RequestObserver, RunView } from './types.js';

/** What a trace needs from its backend. */
export interface TraceDeps {
  readonly api: OtelApi;
  readonly tracer: Tracer;
  readonly instruments: Instruments;
  /** `url.template` of an absolute path, when a declared route matches. */
  readonly template: (path: string) => string | undefined;
}

/** A wait that began with a verdict; it becomes a span when the next send starts. */
interface Wait {
  readonly name: 'resolute.throttle' | 'resolute.backoff' | 'resolute.otp';
  readonly start: number;
  readonly attributes: Attributes;
}

const WAITS: Partial<Record<Action, Wait['name']>> = { throttle: 'resolute.throttle', retry: 'resolute.backoff', otp: 'resolute.otp' };

/** The observer of one logical request. */
export class RequestTrace implements RequestObserver {
  /** The context carrying the request's span: the request loop runs inside it. */
  readonly context: Context;
  readonly #d: TraceDeps;
  /** Wall-clock ms at `performance.now()` 0, read once: every time of this request is on one clock, so its spans keep their order. */
  readonly #anchor = Date.now() - performance.now();
  readonly #span: Span;
  readonly #recording: boolean;
  /** Metric attributes every measurement of this request carries. */
  readonly #base: Attributes;
  #run: RunView | undefined;
  #attempt: Span | undefined;
  #wait: Wait | undefined;
  #verify: Span | undefined;
  #ambiguousSince: number | undefined;
  #verdict: Action | undefined;
  #errorType: string | undefined;
  #status: number | undefined;
  #reconciled = false;

  constructor(d: TraceDeps, req: ObservedRequest) {
    this.#d = d;
    const method = methodAttr(req.config.method ?? 'get');
    const target = targetOf(req.config.url, req.baseURL, req.config.params);
    const template = d.template(target.path);
    const base: Attributes = { [ATTR.method]: method, [ATTR.profile]: req.profile };
    if (target.address !== undefined) base[ATTR.serverAddress] = target.address;
    if (target.port !== undefined) base[ATTR.serverPort] = target.port;
    if (template !== undefined) base[ATTR.urlTemplate] = template;
    this.#base = base;
    const attributes: Attributes = { ...base };
    if (method === '_OTHER') attributes[ATTR.methodOriginal] = String(req.config.method);
    if (target.full !== undefined) attributes[ATTR.urlFull] = target.full;
    const { api } = d;
    const parent = api.context.active();
    this.#span = d.tracer.startSpan(spanName(method, template), { kind: api.SpanKind.CLIENT, attributes, startTime: this.#now() }, parent);
    this.#recording = this.#span.isRecording();
    this.context = api.trace.setSpan(parent, this.#span);
  }

  begin(run: RunView): void {
    this.#run = run;
    run.obs = this;
  }

  attempt(run: RunView): void {
    const t = this.#now();
    const wait = this.#wait;
    if (wait) {
      this.#wait = undefined;
      this.#child(wait.name, wait.start, wait.attributes)?.end(t);
      if (wait.name === 'resolute.throttle') this.#d.instruments.throttle.record((t - wait.start) / 1000, { ...this.#base, ...wait.attributes });
    }
    if (run.sends > 1 && this.#verdict !== undefined) {
      this.#d.instruments.retries.add(1, { ...this.#base, [ATTR.verdict]: this.#verdict, [ATTR.errorType]: this.#errorType ?? '_OTHER' });
    }
    const attributes: Attributes = { [ATTR.attempt]: run.sends };
    if (run.sends > 1) attributes[ATTR.resendCount] = run.sends - 1;
    if (run.otpSent) attributes[ATTR.otpSent] = true;
    this.#attempt = this.#child('resolute.attempt', t, attributes);
  }

  verdict(run: RunView, v: Verdict): void {
    const t = this.#now();
    const f = v.failure;
    const errorType = failureType(f);
    this.#verdict = v.action;
    this.#errorType = errorType;
    const measured: Attributes = { ...this.#base, [ATTR.errorType]: errorType, [ATTR.verdict]: v.action };
    if (f.status !== undefined) measured[ATTR.statusCode] = f.status;
    this.#d.instruments.attempts.add(1, measured);
    const span = this.#attempt;
    if (span) {
      this.#attempt = undefined;
      span.setAttributes({ [ATTR.errorType]: errorType, [ATTR.verdict]: v.action });
      if (f.status !== undefined) span.setAttribute(ATTR.statusCode, f.status);
      if (f.code !== undefined) span.setAttribute(ATTR.apiCode, String(f.code).slice(0, 64));
      span.setStatus({ code: this.#d.api.SpanStatusCode.ERROR });
      span.end(t);
    }
    const name = WAITS[v.action];
    if (name === 'resolute.throttle') this.#wait = { name, start: t, attributes: { [ATTR.throttleSource]: v.retryAfterMs !== undefined ? 'header' : 'backoff' } };
    else if (name === 'resolute.otp') this.#wait = { name, start: t, attributes: { [ATTR.otpAsk]: run.otpAsks + 1, [ATTR.otpRejected]: run.otpSent } };
    else if (name) this.#wait = { name, start: t, attributes: {} };
    if (v.action === 'verify' && this.#ambiguousSince === undefined) {
      this.#ambiguousSince = t;
      this.#verify = this.#child('resolute.verify', t, {});
    }
  }

  check(_run: RunView, check: number, outcome: CheckOutcome): void {
    this.#d.instruments.checks.add(1, { ...this.#base, [ATTR.verifyOutcome]: outcome });
    const t = this.#now();
    this.#verify?.addEvent('resolute.verify.check', { [ATTR.verifyCheck]: check, [ATTR.verifyOutcome]: outcome }, t);
    if (outcome === 'applied' || outcome === 'absent') this.#certain(outcome, t);
  }

  success(_run: RunView, status: number, reconciled: boolean): void {
    if (reconciled) {
      this.#reconciled = true;
      return;
    }
    this.#status = status;
    this.#d.instruments.attempts.add(1, { ...this.#base, [ATTR.statusCode]: status });
    const span = this.#attempt;
    this.#attempt = undefined;
    span?.setAttribute(ATTR.statusCode, status);
    span?.end(this.#now());
  }

  /** Ends the request: `error` is what the caller's promise rejected with, if it did. */
  finish(failed: boolean, error?: unknown): void {
    const t = this.#now();
    const errorType = failed ? errorClass(error) : undefined;
    // A wait no send followed is dropped: the give-up came instead (or cut it short), as the request span's end shows.
    this.#wait = undefined;
    if (this.#attempt) {
      this.#d.instruments.attempts.add(1, { ...this.#base, [ATTR.errorType]: errorType ?? '_OTHER' });
      this.#end(this.#attempt, t, errorType ?? '_OTHER');
      this.#attempt = undefined;
    }
    if (this.#ambiguousSince !== undefined) this.#certain('indeterminate', t, errorType);
    const run = this.#run;
    const outcome = !failed ? (this.#reconciled ? 'applied' : 'succeeded') : run?.inDoubt ? 'indeterminate' : 'failed';
    const span = this.#span;
    span.setAttribute(ATTR.outcome, outcome);
    if (run?.operationId) span.setAttribute(ATTR.operationId, run.operationId);
    if (this.#verdict !== undefined) span.setAttribute(ATTR.verdict, this.#verdict);
    if (run && run.sends > 1) span.setAttribute(ATTR.resendCount, run.sends - 1);
    const status = failed ? run?.lastFailure?.status : this.#status;
    if (status !== undefined) span.setAttribute(ATTR.statusCode, status);
    if (errorType !== undefined) {
      this.#d.instruments.giveUps.add(1, { ...this.#base, [ATTR.errorType]: errorType, [ATTR.outcome]: outcome });
      span.setAttribute(ATTR.errorType, errorType);
      span.setStatus({ code: this.#d.api.SpanStatusCode.ERROR, message: errorType });
    }
    span.end(t);
  }

  /** Now, in wall-clock ms (fractional). */
  #now(): number {
    return this.#anchor + performance.now();
  }

  /** An ambiguity ends: record the time to certainty, close the verify span. */
  #certain(outcome: 'applied' | 'absent' | 'indeterminate', t: number, errorType?: string): void {
    const since = this.#ambiguousSince;
    if (since === undefined) return;
    this.#ambiguousSince = undefined;
    this.#d.instruments.ambiguity.record((t - since) / 1000, { ...this.#base, [ATTR.outcome]: outcome });
    this.#verify?.setAttribute(ATTR.outcome, outcome);
    this.#end(this.#verify, t, errorType);
    this.#verify = undefined;
  }

  #child(name: string, start: number, attributes: Attributes): Span | undefined {
    if (!this.#recording) return undefined;
    return this.#d.tracer.startSpan(name, { kind: this.#d.api.SpanKind.INTERNAL, startTime: start, attributes }, this.context);
  }

  #end(span: Span | undefined, t: number, errorType: string | undefined): void {
    if (!span) return;
    if (errorType !== undefined) {
      span.setAttribute(ATTR.errorType, errorType);
      span.setStatus({ code: this.#d.api.SpanStatusCode.ERROR });
    }
    span.end(t);
  }
}
