import { Logger } from '@nestjs/common';

/**
 * Logs what happens to the federation as episodes, not once per message: a peer host that stops
 * acknowledging, Redis going away, a host catching up after a restart. The first line says what
 * started and how much it concerns; the last says it is over and what it came to; anything in
 * between only counts.
 */
export class Episodes {
  private readonly open = new Map<string, { since: number; count: number }>();

  constructor(private readonly logger: Logger) {}

  /** Something is wrong with `key`: logged the first time, counted after. */
  begin(key: string, count: number, line: () => string): void {
    const episode = this.open.get(key);
    if (episode) {
      episode.count += count;
      return;
    }
    this.open.set(key, { since: Date.now(), count });
    this.logger.warn(line());
  }

  /** It is over (a no-op when it was not open): `line` gets the episode's length and count. */
  end(key: string, line: (seconds: number, count: number) => string): void {
    const episode = this.open.get(key);
    if (!episode) return;
    this.open.delete(key);
    this.logger.log(line(Math.round((Date.now() - episode.since) / 100) / 10, episode.count));
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  keys(prefix: string): string[] {
    return [...this.open.keys()].filter((key) => key.startsWith(prefix));
  }
}
