/**
 * The contract between the executor and a telemetry backend: what the executor tells it about one logical
 * request. No OpenTelemetry type appears here, so the main entry's types stand without `@opentelemetry/api`.
 * @module
 */
import type { AxiosRequestConfig, AxiosResponse } from 'axios';
import type { Failure } from '../failure/types.js';
import type { Verdict } from '../policy/types.js';

/** What a telemetry backend may read of a request in progress (the executor's run satisfies it). */
export interface RunView {
  /** Sends so far (the current send's number once it has started). */
  readonly sends: number;
  /** True when the current send carries a 2FA code. */
  readonly otpSent: boolean;
  /** 2FA codes asked for so far. */
  readonly otpAsks: number;
  /** The logical request's operation id, once it has one. */
  readonly operationId: string | undefined;
  /** True while the request may have been applied and nobody knows. */
  readonly inDoubt: boolean;
  /** The last failure, if any. */
  readonly lastFailure: Failure | undefined;
  /** The observer of this run (set by `begin`). */
  obs?: RequestObserver | undefined;
}

/** What a verify check found (`error` when the hook threw or returned no outcome). */
export type CheckOutcome = 'applied' | 'absent' | 'unknown' | 'error';

/** Observes one logical request. The executor calls these at fixed points; none may throw. */
export interface RequestObserver {
  /** The run has been created; the observer attaches itself as `run.obs`. */
  begin(run: RunView): void;
  /** A send is about to go out (after `prepare` and the limiter). */
  attempt(run: RunView): void;
  /** A send failed and the policy decided what follows. */
  verdict(run: RunView, verdict: Verdict): void;
  /** A verify check ran. */
  check(run: RunView, check: number, outcome: CheckOutcome): void;
  /** The request succeeded: a response was received, or verification found it applied (`reconciled`). */
  success(run: RunView, status: number, reconciled: boolean): void;
}

/** The request as the executor is about to run it. */
export interface ObservedRequest {
  /** The caller's config (read, never mutated). */
  readonly config: AxiosRequestConfig;
  /** The base URL in force: the config's, else the instance's. */
  readonly baseURL: string | undefined;
  /** The profile's name. */
  readonly profile: string;
}

/**
 * A telemetry backend for `createExecutor({ telemetry })`, made by `openTelemetry()`. The executor hands it each
 * logical request; application code does not call it.
 */
export interface Telemetry {
  /** Runs one logical request under observation: `run` is the executor's own request loop. */
  observe(request: ObservedRequest, run: (observer: RequestObserver) => Promise<AxiosResponse>): Promise<AxiosResponse>;
}
