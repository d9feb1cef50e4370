import { AppError } from '@hotpath/platform';

/** A write that named the version it expected to replace, and found another one (409). */
export class PolicyVersionConflictError extends AppError<'POLICY_VERSION_CONFLICT'> {
  constructor(
    readonly namespace: string,
    readonly expectedVersion: number,
    /** 0 when the namespace has no stored policy. */
    readonly currentVersion: number,
  ) {
    super(
      'Conflict',
      'POLICY_VERSION_CONFLICT',
      `The policy of namespace "${namespace}" is at version ${currentVersion}, not ${expectedVersion}; ` +
        'read it again and retry with its current version.',
    );
  }
}
