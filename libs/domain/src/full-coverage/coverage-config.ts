import { ConfigError } from '@app/federation';
import { z } from 'zod';

const schema = z.object({
  /** Organisations not yet scheduled when fewer days than this are left in the term raise a warning upward. */
  COVERAGE_WARNING_DAYS: z.coerce.number().int().min(1).max(5 * 366).default(365),
  /** How often a host recounts its nodes' coverage (time passing alone can raise a warning). */
  COVERAGE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(3_600_000),
});

export abstract class CoverageConfig {
  warningDays: number;
  sweepIntervalMs: number;
}

export function loadCoverageConfig(env: NodeJS.ProcessEnv = process.env): CoverageConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return { warningDays: parsed.data.COVERAGE_WARNING_DAYS, sweepIntervalMs: parsed.data.COVERAGE_SWEEP_INTERVAL_MS };
}
