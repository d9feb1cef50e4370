/** The body of `/health/ready` (Terminus' report), as the e2e tests read it. */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, { status: string }>;
  error: Record<string, { status: string }>;
  /** Every dependency, up or down, with what its check reported. */
  details: Record<string, { status: string } & Record<string, unknown>>;
}
