import { onTimeRate } from './on-time-rate';

describe('on-time filing rate', () => {
  const now = new Date('2025-03-10T04:00:00Z');

  it('counts a first submission by the end of the due day in Shanghai as on time', () => {
    const rate = onTimeRate(
      [
        { dueOn: '2025-02-28', firstSubmittedAt: new Date('2025-02-28T15:59:00Z') },
        { dueOn: '2025-02-28', firstSubmittedAt: new Date('2025-02-28T16:01:00Z') },
      ],
      now,
    );
    expect(rate).toEqual({ counted: 2, onTime: 1, rate: 0.5 });
  });

  it('counts a missing filing once its day has passed, and ignores one not yet due', () => {
    const rate = onTimeRate(
      [
        { dueOn: '2025-03-01', firstSubmittedAt: null },
        { dueOn: '2025-03-31', firstSubmittedAt: null },
        { dueOn: '2025-03-31', firstSubmittedAt: new Date('2025-03-05T00:00:00Z') },
      ],
      now,
    );
    expect(rate).toEqual({ counted: 2, onTime: 1, rate: 0.5 });
  });

  it('has no rate before anything falls due', () => {
    expect(onTimeRate([{ dueOn: '2025-12-31', firstSubmittedAt: null }], now)).toEqual({ counted: 0, onTime: 0, rate: null });
  });
});
