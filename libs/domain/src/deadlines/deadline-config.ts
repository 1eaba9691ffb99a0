import { ConfigError } from '@app/federation';
import { z } from 'zod';

const schema = z.object({
  /** How often each host looks for obligations that have just become late (tests use a fraction of a second). */
  DEADLINE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
});

export abstract class DeadlineConfig {
  sweepIntervalMs: number;
}

export function loadDeadlineConfig(env: NodeJS.ProcessEnv = process.env): DeadlineConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return { sweepIntervalMs: parsed.data.DEADLINE_SWEEP_INTERVAL_MS };
}
