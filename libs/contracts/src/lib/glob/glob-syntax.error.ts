/**
 * A glob that cannot be compiled. The message says what is wrong and where (1-based position),
 * in words a caller can act on; transports answer it as a validation error (400), never a 500.
 */
export class GlobSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GlobSyntaxError';
    Object.setPrototypeOf(this, GlobSyntaxError.prototype);
  }
}
