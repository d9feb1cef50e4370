/** The body of `/health/ready` (Terminus' report), as the e2e tests read it. */
export interface HealthReport {
  status: 'ok' | 'error';
  info: Record<string, { status: string }>;
  error: Record<string, { status: string }>;
}
