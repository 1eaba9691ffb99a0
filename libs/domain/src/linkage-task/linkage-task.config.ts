import { ConfigError } from '@app/federation';
import { z } from 'zod';

const schema = z.object({
  LINKAGE_TASK_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
});

export abstract class LinkageTaskConfig {
  /** How often each host looks for recipients whose deadline has passed. */
  sweepIntervalMs: number;
}

export function loadLinkageTaskConfig(env: NodeJS.ProcessEnv = process.env): LinkageTaskConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return { sweepIntervalMs: parsed.data.LINKAGE_TASK_SWEEP_INTERVAL_MS };
}
