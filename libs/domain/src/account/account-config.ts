import { ConfigError } from '@app/federation';
import { z } from 'zod';

const schema = z.object({
  /** Lifetime of a console token; the console renews it while the page is used. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(12 * 3600).default(15 * 60),
  /** Consecutive wrong passwords that lock an account… */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** …for this long. */
  LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(15 * 60),
});

export abstract class AccountConfig {
  tokenTtlSeconds: number;
  maxFailures: number;
  lockSeconds: number;
}

export function loadAccountConfig(env: NodeJS.ProcessEnv = process.env): AccountConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  return { tokenTtlSeconds: parsed.data.ACCESS_TOKEN_TTL_SECONDS, maxFailures: parsed.data.LOGIN_MAX_FAILURES, lockSeconds: parsed.data.LOGIN_LOCK_SECONDS };
}
