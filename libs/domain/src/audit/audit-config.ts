import { ConfigError } from '@app/federation';
import { z } from 'zod';

const schema = z.object({
  /** How often each node sends its audit chain head to its parent (tests use a fraction of a second). */
  AUDIT_ANCHOR_INTERVAL_MS: z.coerce.number().int().min(100).default(60_000),
});

export abstract class AuditConfig {
  anchorIntervalMs: number;
}

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return { anchorIntervalMs: parsed.data.AUDIT_ANCHOR_INTERVAL_MS };
}
