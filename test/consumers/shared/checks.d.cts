// Types of checks.cjs for the TypeScript fixtures.
export interface CheckContext {
  readonly name: string;
  /** `resolute` as the fixture loads it. */
  readonly resolute: unknown;
  /** `resolute/testing` as the fixture loads it. */
  readonly testing: unknown;
  /** `resolute` through the other module system, when the fixture has one. */
  readonly other?: unknown;
  /** The fixture's axios default export. */
  readonly axios: unknown;
}
export declare function runChecks(ctx: CheckContext): Promise<void>;
export declare function order(price: number): Record<string, unknown>;
