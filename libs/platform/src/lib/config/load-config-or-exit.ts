import { ConfigError } from './config.error';

/** Runs a config loader; on a ConfigError prints its one line to stderr and exits with status 1. */
export function loadConfigOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
