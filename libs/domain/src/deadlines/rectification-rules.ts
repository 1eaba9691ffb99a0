import { LocalDate, addCalendarMonths, compareDates } from './local-date';

/**
 * The deadlines of 《关于加强巡视整改和成果运用的意见》 (seed 000), one function per rule. Each takes
 * the calendar date (Asia/Shanghai) that starts its clock and returns the last day that still counts
 * as on time.
 */

/** 被巡视党组织自收到巡视反馈意见之日起3个月内，组织开展集中整改. */
export function concentratedRectificationEnds(feedbackReceivedOn: LocalDate): LocalDate {
  return addCalendarMonths(feedbackReceivedOn, 3);
}

/** 集中整改期内，应召开领导班子巡视整改专题民主生活会. */
export function democraticLifeMeetingDue(feedbackReceivedOn: LocalDate): LocalDate {
  return concentratedRectificationEnds(feedbackReceivedOn);
}

/**
 * 巡视反馈后3个月内，被巡视党组织向派出巡视组的党组织同级纪检监察机关报送集中整改进展情况报告，
 * 抄送派出巡视组的党组织的组织部门、巡视办.
 */
export function progressReportDue(feedbackReceivedOn: LocalDate): LocalDate {
  return addCalendarMonths(feedbackReceivedOn, 3);
}

/** 自收到…审核意见之日起1个月内，向党内通报、向社会公开巡视整改情况. */
export function publicationDue(reviewOpinionReceivedOn: LocalDate): LocalDate {
  return addCalendarMonths(reviewOpinionReceivedOn, 1);
}

/**
 * 纪检监察机关、组织部门：集中整改期结束3个月内，通过巡视办向巡视工作领导小组报送巡视整改监督情况.
 * The concentrated period ends on its deadline, whatever day the work was finished.
 */
export function supervisionReportsDue(feedbackReceivedOn: LocalDate): LocalDate {
  return addCalendarMonths(concentratedRectificationEnds(feedbackReceivedOn), 3);
}

/** A concentrated-rectification task must be planned to finish inside the concentrated period. */
export function isWithinConcentratedPeriod(feedbackReceivedOn: LocalDate, date: LocalDate): boolean {
  return compareDates(date, feedbackReceivedOn) >= 0 && compareDates(date, concentratedRectificationEnds(feedbackReceivedOn)) <= 0;
}

/** Supervision reports cover the concentrated period, so they can be filed once it is over. */
export function isConcentratedPeriodOver(feedbackReceivedOn: LocalDate, today: LocalDate): boolean {
  return compareDates(today, concentratedRectificationEnds(feedbackReceivedOn)) > 0;
}
