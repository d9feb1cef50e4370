/** What a policy hands to the operation it runs. */
export interface ExecutionContext {
  /**
   * Aborted when the caller gives up: a timeout expired, or the caller's own signal was aborted.
   * Pass it to `fetch`, a pg query or anything else that can be cancelled. Undefined when no one
   * can abort the call. Inside a timeout it is created on first read, so operations that never
   * read it do not pay for an AbortController.
   */
  readonly signal: AbortSignal | undefined;
}
