/**
 * Policy vocabulary: actions, verdicts, rules.
 * @module
 */
import type { ApiCode, Failure, FailureKind } from '../failure/types.js';

/** What to do with a failed attempt. */
export type Action = 'retry' | 'throttle' | 'otp' | 'verify' | 'fail';

/** Every action, for validation. */
export const ACTIONS: readonly Action[] = ['retry', 'throttle', 'otp', 'verify', 'fail'];

/** What the policy knows about the request that failed. */
export interface RequestFacts {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The request URL as configured (path or absolute). */
  readonly url: string;
  /** Safe to repeat: GET, HEAD, OPTIONS, PUT, DELETE, or marked idempotent. */
  readonly safe: boolean;
  /** True when this send was a resend after verify said `absent`. */
  readonly resent: boolean;
  /** True when this send carried a 2FA code. */
  readonly otpSent: boolean;
  /**
   * How many earlier failures of this logical request had the same status, API code and kind as this one (0 the
   * first time). Lets a rule act once: re-sign and resend a refused timestamp, then let the ladder decide.
   */
  readonly repeats: number;
}

/** The decision about one failed attempt. */
export interface Verdict {
  /** What to do with the failed attempt. */
  readonly action: Action;
  /** Why, in words a log reader understands. */
  readonly reason: string;
  /** The server's requested wait, when it gave one. */
  readonly retryAfterMs?: number | undefined;
  /** The failure the verdict is about. */
  readonly failure: Failure;
}

/** An inclusive status range. */
export interface StatusRange {
  /** The lowest status matched. */
  readonly from: number;
  /** The highest status matched. */
  readonly to: number;
}

/** A declarative rule: every field given must match; the first matching rule decides. */
export interface DeclarativeRule {
  /** HTTP status: one, any of a list, or an inclusive range. Never matches a failure without a status. */
  readonly status?: number | readonly number[] | StatusRange;
  /** The API's error code, or any of a list. */
  readonly code?: ApiCode | readonly ApiCode[];
  /** HTTP method(s), case-insensitive. */
  readonly method?: string | readonly string[];
  /** Matches only requests that are (true) or are not (false) safe to repeat. */
  readonly safe?: boolean;
  /** The failure's kind, or any of a list. */
  readonly kind?: FailureKind | readonly FailureKind[];
  /** Matches only failures that may (true) or cannot (false) have reached the server. */
  readonly sent?: boolean;
  /** A substring of the URL, or a pattern. */
  readonly url?: string | RegExp;
  /** Matches only resends after `absent` (true) or first sends (false). */
  readonly resent?: boolean;
  /** Matches only sends that carried (true) or did not carry (false) a 2FA code. */
  readonly otpSent?: boolean;
  /**
   * Matches only while the same failure (status, API code, kind) has been seen at most this many times before in
   * this logical request: `0` matches the first time only ("re-sign and retry once"); later ones fall through to the
   * next rule.
   */
  readonly maxRepeats?: number;
  /** A last predicate over the failure and the request. */
  readonly when?: (failure: Failure, request: RequestFacts) => boolean;
  /** What to do when the rule matches. */
  readonly action: Action;
  /** Why, for the verdict's `reason`. @default 'matched a rule' */
  readonly reason?: string;
}

/** What a rule function returns when it decides. */
export interface RuleDecision {
  /** What to do with the failed attempt. */
  readonly action: Action;
  /** Why, for the verdict's `reason`. @default 'matched a rule function' */
  readonly reason?: string;
}

/** A rule as a function: return a decision to decide, or nothing to pass to the next rule. */
export type RuleFunction = (failure: Failure, request: RequestFacts) => RuleDecision | undefined | null | false;

/** A policy rule: declarative or a predicate function. */
export type Rule = DeclarativeRule | RuleFunction;
