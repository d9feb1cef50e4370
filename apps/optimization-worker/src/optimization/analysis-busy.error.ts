/** Another worker is analysing this database: the job waits (delayed, no try used) and comes back. */
export class AnalysisBusyError extends Error {
  override readonly name = 'AnalysisBusyError';

  constructor(readonly database: string) {
    super(`another analysis of ${database} is running`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
