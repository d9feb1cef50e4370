import { ResilienceError } from './resilience.error';

/**
 * `value`, or a `INVALID_OPTIONS` error naming `what` when it is not a number in [min, max]
 * (an integer when `integer`).
 */
export function checkOption(what: string, value: number, min: number, max = Infinity, integer = false): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const range = max === Infinity ? `≥ ${min}` : `in [${min}, ${max}]`;
    throw new ResilienceError('INVALID_OPTIONS', `${what} must be ${integer ? 'an integer' : 'a number'} ${range}, got ${String(value)}`);
  }
  return value;
}
