import { Tier } from '@app/federation';
import { ClueStatus } from './clue.enums';
import { ClueErrorCode } from './clue.exception';
import { clueDestination } from './clue-routing';
import { nextClueStatus } from './clue-state';

describe('problem clue disposal', () => {
  it.each([
    [ClueStatus.Recorded, ClueStatus.Transferred],
    [ClueStatus.Transferred, ClueStatus.Received],
    [ClueStatus.Received, ClueStatus.PreliminaryVerification],
    [ClueStatus.PreliminaryVerification, ClueStatus.CaseFiled],
    [ClueStatus.PreliminaryVerification, ClueStatus.Closed],
    [ClueStatus.CaseFiled, ClueStatus.Closed],
    [ClueStatus.CaseFiled, ClueStatus.PassedOn],
    [ClueStatus.Received, ClueStatus.PassedOn],
  ])('allows %s → %s', (from, to) => {
    expect(nextClueStatus(from, to)).toBe(to);
  });

  it.each([
    [ClueStatus.Recorded, ClueStatus.Received],
    [ClueStatus.Transferred, ClueStatus.CaseFiled],
    [ClueStatus.Received, ClueStatus.CaseFiled],
    [ClueStatus.Closed, ClueStatus.PreliminaryVerification],
    [ClueStatus.PassedOn, ClueStatus.Closed],
  ])('refuses %s → %s with a typed conflict', (from, to) => {
    expect(() => nextClueStatus(from, to)).toThrow(expect.objectContaining({ code: ClueErrorCode.InvalidTransition, kind: 'CONFLICT' }));
  });
});

describe('where a clue goes (干部管理权限)', () => {
  const county = { id: '130102', tier: Tier.County };
  const ancestors = [
    { id: '130100', tier: Tier.Municipal },
    { id: '130000', tier: Tier.Provincial },
    { id: '000000', tier: Tier.Central },
  ];

  it('stays with the same level’s discipline organ when that level or one below manages the cadre', () => {
    expect(clueDestination(county, ancestors, Tier.County)).toBe('130102');
    expect(clueDestination({ id: '130100', tier: Tier.Municipal }, ancestors.slice(1), Tier.County)).toBe('130100');
  });

  it('goes up to the level that manages the cadre', () => {
    expect(clueDestination(county, ancestors, Tier.Municipal)).toBe('130100');
    expect(clueDestination(county, ancestors, Tier.Provincial)).toBe('130000');
    expect(clueDestination(county, ancestors, Tier.Central)).toBe('000000');
  });
});
