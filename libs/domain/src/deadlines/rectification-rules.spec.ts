import { localDateOf } from './local-date';
import {
  concentratedRectificationEnds,
  democraticLifeMeetingDue,
  isConcentratedPeriodOver,
  isWithinConcentratedPeriod,
  progressReportDue,
  publicationDue,
  supervisionReportsDue,
} from './rectification-rules';

describe('rectification deadlines of seed 000', () => {
  describe('concentrated rectification: within 3 months of receiving feedback', () => {
    it('counts calendar months', () => expect(concentratedRectificationEnds('2025-03-10')).toBe('2025-06-10'));
    it('clamps 30 Nov to the end of February', () => expect(concentratedRectificationEnds('2024-11-30')).toBe('2025-02-28'));
    it('gives 29 Feb in a leap year', () => expect(concentratedRectificationEnds('2023-11-30')).toBe('2024-02-29'));
    it('clamps 31 May to 31 Aug and 31 Mar to 30 Jun', () => {
      expect(concentratedRectificationEnds('2025-05-31')).toBe('2025-08-31');
      expect(concentratedRectificationEnds('2025-03-31')).toBe('2025-06-30');
    });
    it('holds the special democratic-life meeting inside the same period', () => expect(democraticLifeMeetingDue('2024-11-30')).toBe('2025-02-28'));
    it('starts from the Shanghai date of delivery: 30 Nov 16:30 UTC is 1 Dec', () => {
      expect(concentratedRectificationEnds(localDateOf(new Date('2024-11-30T16:30:00Z')))).toBe('2025-03-01');
      expect(concentratedRectificationEnds(localDateOf(new Date('2024-11-30T15:30:00Z')))).toBe('2025-02-28');
    });
  });

  describe('progress report: within 3 months after feedback', () => {
    it('falls on the same day as the end of the concentrated period', () => expect(progressReportDue('2025-01-31')).toBe('2025-04-30'));
    it('handles a leap day as the feedback date', () => expect(progressReportDue('2024-02-29')).toBe('2024-05-29'));
  });

  describe('publication: within 1 month of receiving the review opinion', () => {
    it('clamps 31 Jan to 28 Feb', () => expect(publicationDue('2025-01-31')).toBe('2025-02-28'));
    it('clamps 31 Jan to 29 Feb in a leap year', () => expect(publicationDue('2024-01-31')).toBe('2024-02-29'));
    it('crosses the year end', () => expect(publicationDue('2025-12-15')).toBe('2026-01-15'));
  });

  describe('supervision reports: within 3 months after the concentrated period ends', () => {
    it('counts from the end of the period, not from the feedback', () => {
      // 30 Nov → period ends 28 Feb → reports due 28 May (not 30 May, as 6 months from feedback would give)
      expect(supervisionReportsDue('2024-11-30')).toBe('2025-05-28');
    });
    it('counts from 29 Feb in a leap year', () => expect(supervisionReportsDue('2023-11-30')).toBe('2024-05-29'));
  });

  it('knows which dates lie inside the concentrated period', () => {
    expect(isWithinConcentratedPeriod('2024-11-30', '2024-11-30')).toBe(true);
    expect(isWithinConcentratedPeriod('2024-11-30', '2025-02-28')).toBe(true);
    expect(isWithinConcentratedPeriod('2024-11-30', '2025-03-01')).toBe(false);
    expect(isWithinConcentratedPeriod('2024-11-30', '2024-11-29')).toBe(false);
  });

  it('opens supervision reports the day after the concentrated period ends', () => {
    expect(isConcentratedPeriodOver('2024-11-30', '2025-02-28')).toBe(false);
    expect(isConcentratedPeriodOver('2024-11-30', '2025-03-01')).toBe(true);
  });
});
