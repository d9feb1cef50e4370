/**
 * The states of a {@link CircuitBreaker}, as resilience4j names them:
 * - `closed`: calls pass, outcomes fill the sliding window;
 * - `open`: calls are rejected until the open wait has passed;
 * - `half-open`: a limited number of probe calls pass; their outcomes close or reopen it;
 * - `forced-open`: rejected until someone calls `reset()` (an operator's kill switch);
 * - `disabled`: every call passes and nothing is recorded (the breaker is switched off).
 */
export type CircuitState = 'closed' | 'open' | 'half-open' | 'forced-open' | 'disabled';
