/**
 * Something with a deadline on the {@link DeadlineWheel}: an intrusive list node, so arming and
 * disarming allocate nothing and a disarmed entry is garbage at once (it dies young).
 */
export interface Expirable {
  /** `performance.now()` at which it expires. */
  readonly deadline: number;
  prev: Expirable | undefined;
  next: Expirable | undefined;
  /** Called once, by the wheel, when the deadline passed before the entry was removed. */
  expire(): void;
}
