/**
 * resolute's metric instruments. Names under `resolute.*`; durations in seconds and counts with `{annotation}`
 * units, per the OpenTelemetry metric naming guidelines. Attributes stay low-cardinality: method, server, port,
 * url template, profile, verdict, outcome, error type. Never an operation id.
 * @module
 */
import type { Counter, Histogram, Meter } from '@opentelemetry/api';

/** Bucket boundaries (s) for waits and time to certainty: 5 ms to 5 min (Retry-After is capped at 5 min by default). */
const WAIT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The instruments. */
export interface Instruments {
  /** `resolute.attempts`: sends, the first included, by status code, error type and verdict. */
  readonly attempts: Counter;
  /** `resolute.retries`: resends, by the verdict that caused them (retry, throttle, otp, verify) and the failure's error type. */
  readonly retries: Counter;
  /** `resolute.throttle.duration`: how long each throttle wait lasted until the next send, by source (header, backoff). */
  readonly throttle: Histogram;
  /** `resolute.verify.checks`: verify checks, by outcome. */
  readonly checks: Counter;
  /** `resolute.give_ups`: requests that ended in an error, by error class and outcome (failed, indeterminate). */
  readonly giveUps: Counter;
  /** `resolute.ambiguity.duration`: from an ambiguous failure to certainty (applied, absent) or to giving up (indeterminate). */
  readonly ambiguity: Histogram;
}

/** Creates the instruments on `meter`. */
export function createInstruments(meter: Meter): Instruments {
  const wait = { unit: 's', advice: { explicitBucketBoundaries: WAIT_BUCKETS } };
  return {
    attempts: meter.createCounter('resolute.attempts', { unit: '{attempt}', description: 'Sends of logical requests, the first included.' }),
    retries: meter.createCounter('resolute.retries', { unit: '{retry}', description: 'Resends, by the verdict that caused them.' }),
    throttle: meter.createHistogram('resolute.throttle.duration', { ...wait, description: 'Throttle waits: from a rate-limit answer to the next send.' }),
    checks: meter.createCounter('resolute.verify.checks', { unit: '{check}', description: 'Verify checks of ambiguous requests, by outcome.' }),
    giveUps: meter.createCounter('resolute.give_ups', { unit: '{request}', description: 'Logical requests that ended in an error, by error class.' }),
    ambiguity: meter.createHistogram('resolute.ambiguity.duration', {
      ...wait,
      description: 'Time to certainty: from an ambiguous failure until the request is known applied or absent, or is given up as indeterminate.',
    }),
  };
}
