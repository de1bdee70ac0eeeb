/**
 * resolute: make any axios call resilient against the failures of real exchange and data APIs.
 * Named exports only.
 * @packageDocumentation
 */
export { createExecutor, type Executor } from './executor/create.js';
export type {
  ExecutorOptions,
  OtpContext,
  OtpHook,
  Prepare,
  PrepareContext,
  RateLimitOption,
  ResoluteRequestOptions,
  RetryBudgetOptions,
  VerifyContext,
  VerifyHook,
  VerifyResult,
} from './executor/options.js';
export { DEFAULTS } from './executor/options.js';
export type {
  AttemptEvent,
  EventBase,
  ExecutorEvents,
  GiveUpEvent,
  OtpEvent,
  JournalErrorEvent,
  ReconcileEvent,
  RetryEvent,
  SuccessEvent,
  ThrottleEvent,
  VerifyEvent,
} from './executor/events.js';
export type { ReconcileOptions, ReconcileReport } from './executor/reconcile.js';
export type { OperationOutcome } from './executor/outcome-of.js';
export { classify, type ClassifyOptions } from './classify.js';
export { profiles, type OtpPlacement, type Profile, type ProfileRateLimit } from './profiles/index.js';
export {
  alpDialect,
  batchdataDialect,
  genericDialect,
  infinexDialect,
  orderlyDialect,
  type Dialect,
  type ErrorBody,
} from './dialects/index.js';
export { defaultLadder } from './policy/ladder.js';
export type { Action, DeclarativeRule, RequestFacts, Rule, RuleDecision, RuleFunction, StatusRange, Verdict } from './policy/types.js';
export type { DuplicateRefusal } from './policy/dedupe.js';
export type { ApiCode, BodyIssue, Failure, FailureKind } from './failure/types.js';
export { failureFromError, failureFromResponse } from './failure/normalize.js';
export { retryAfterFromHeaders } from './failure/retry-after.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { newOperationId } from './operation-id.js';
export {
  DeadlineExceededError,
  IndeterminateError,
  PermanentError,
  ResoluteError,
  RetriesExhaustedError,
  TwoFactorError,
  isDeadlineExceededError,
  isIndeterminateError,
  isPermanentError,
  isResoluteError,
  isRetriesExhaustedError,
  isTwoFactorError,
  JournalError,
  isJournalError,
  type JournalStage,
  type AttemptRecord,
  type CheckRecord,
  type ExhaustedReason,
  type RequestSummary,
} from './errors.js';
export type { Clock, Sleep } from './time.js';
export * from './limiter/index.js';
export { totp, type TotpAlgorithm, type TotpOptions, type TotpProvider } from './otp/totp.js';
export { withBodyField } from './otp/attach.js';
export { lookups, verifyByLookup, verifyInList, type ListOptions, type LookupOptions } from './verify/lookups.js';
export { fileJournal, type FileJournal, type FileJournalOptions, type FileJournalStats } from './journal/file-journal.js';
export { redisJournal, type RedisJournal, type RedisJournalOptions } from './journal/redis-journal.js';
export { isRetainingJournal, DEFAULT_RETENTION_MS } from './journal/types.js';
export type {
  Journal,
  JournalEntry,
  JournaledRequest,
  JournalRecord,
  OutcomeDetails,
  RetainingJournal,
  SettledEntry,
  SettledOutcome,
} from './journal/types.js';
export { openTelemetry, type MeterProviderLike, type OpenTelemetryOptions, type TracerProviderLike } from './telemetry/open-telemetry.js';
export type { CheckOutcome, ObservedRequest, RequestObserver, RunView, Telemetry } from './telemetry/types.js';
export * from './breaker/index.js';
export { CircuitOpenError, isCircuitOpenError, type CircuitDetails } from './errors.js';
export type { BreakerEvent } from './executor/events.js';
// Issue 13: the exchanges bots use most, lookups that prove absence, and the profile data the limiter reads.
export { binanceDialect, bybitDialect, okxDialect, BATCH_PARTIAL } from './dialects/index.js';
export type { ProfileRequestWeight, ProfileUsedWeight } from './profiles/index.js';
export {
  judgeList,
  listCovers,
  VERIFY_DEFAULTS,
  type AlpLookupOptions,
  type BinanceLookupOptions,
  type BybitLookupOptions,
  type Coverage,
  type InfinexLookupOptions,
  type ListJudgement,
  type ListShape,
  type ListWindow,
  type LookupRequestOptions,
  type OkxLookupOptions,
  type OrderlyLookupOptions,
  type ProofOptions,
} from './verify/lookups.js';
