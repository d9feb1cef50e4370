import { MAX_VALUE_BYTES } from '@hotpath/contracts';
import { AppError } from '@hotpath/platform';

/** Values are at most 1 MiB of JSON: anything larger is answered 413 with its size. */
export function assertValueSize(value: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > MAX_VALUE_BYTES) {
    throw new AppError(
      'TooLarge',
      'VALUE_TOO_LARGE',
      `The value is ${bytes} bytes of JSON; the limit is ${MAX_VALUE_BYTES} bytes (1 MiB).`,
    );
  }
}
