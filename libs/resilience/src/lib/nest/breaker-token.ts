/** The injection token of the breaker called `name` (see {@link InjectBreaker}). */
export function breakerToken(name: string): symbol {
  return Symbol.for(`hotpath.resilience.breaker:${name}`);
}
