/** A timeout's configuration. */
export interface TimeoutOptions {
  /** The call is abandoned (rejected with `TIMEOUT`, its signal aborted) after this long. */
  ms: number;
  /** Shown in the error message (default `operation`). */
  name?: string;
}
