import { atRisk, coverageRate, daysLeft, termProblem } from './coverage-rules';

describe('全覆盖 arithmetic', () => {
  const tally = { organisations: 10, inspected: 4, scheduled: 3 };

  it('divides inspected by organisations, with nothing to cover as no rate', () => {
    expect(coverageRate(tally)).toBe(0.4);
    expect(coverageRate({ organisations: 0, inspected: 0 })).toBeNull();
  });

  it('counts days to the last day of the term in Asia/Shanghai calendar days', () => {
    expect(daysLeft('2026-12-31', '2026-12-01')).toBe(30);
    expect(daysLeft('2026-12-31', '2026-12-31')).toBe(0);
    expect(daysLeft('2026-12-31', '2027-01-02')).toBe(-2);
  });

  it('warns of the unscheduled only inside the window and while the term lasts', () => {
    expect(atRisk(tally, '2026-12-31', '2026-06-30', 180)).toBe(0);
    expect(atRisk(tally, '2026-12-31', '2026-07-05', 180)).toBe(3);
    expect(atRisk(tally, '2026-12-31', '2026-12-31', 180)).toBe(3);
    expect(atRisk(tally, '2026-12-31', '2027-01-01', 180)).toBe(0);
    expect(atRisk({ organisations: 5, inspected: 3, scheduled: 2 }, '2026-12-31', '2026-12-01', 180)).toBe(0);
  });

  it('wants a term labelled by its years, starting before it ends and overlapping no other', () => {
    const existing = [{ label: '2016-2021', startsOn: '2016-10-01', endsOn: '2021-09-30' }];
    expect(termProblem({ label: '2021-2026', startsOn: '2021-10-01', endsOn: '2026-09-30' }, existing)).toBeNull();
    expect(termProblem({ label: '2021-2026', startsOn: '2021-09-01', endsOn: '2026-09-30' }, existing)).toMatch(/overlaps 2016-2021/);
    expect(termProblem({ label: '2021/2026', startsOn: '2021-10-01', endsOn: '2026-09-30' }, existing)).toMatch(/must look like/);
    expect(termProblem({ label: '2021-2026', startsOn: '2022-10-01', endsOn: '2026-09-30' }, [])).toMatch(/do not fit/);
    expect(termProblem({ label: '2021-2026', startsOn: '2026-10-01', endsOn: '2026-09-30' }, [])).toMatch(/start/);
    // Correcting a term's own dates is no overlap with itself.
    expect(termProblem({ label: '2016-2021', startsOn: '2016-11-01', endsOn: '2021-09-30' }, existing)).toBeNull();
  });
});
