import { FilingStatus } from './filing.enums';
import { FilingErrorCode, FilingException } from './filing.exception';
import { FilingEvent, nextFilingStatus } from './filing-state';

describe('filing state machine', () => {
  it('goes requested → submitted → accepted', () => {
    expect(nextFilingStatus(FilingStatus.Requested, FilingEvent.Submit)).toBe(FilingStatus.Submitted);
    expect(nextFilingStatus(FilingStatus.Submitted, FilingEvent.Accept)).toBe(FilingStatus.Accepted);
  });

  it('returns a submitted version and takes a resubmission', () => {
    expect(nextFilingStatus(FilingStatus.Submitted, FilingEvent.Return)).toBe(FilingStatus.Returned);
    expect(nextFilingStatus(FilingStatus.Returned, FilingEvent.Submit)).toBe(FilingStatus.Submitted);
  });

  it('reopens accepted content only through a return', () => {
    expect(nextFilingStatus(FilingStatus.Accepted, FilingEvent.Return)).toBe(FilingStatus.Returned);
    expect(() => nextFilingStatus(FilingStatus.Accepted, FilingEvent.Submit)).toThrow(expect.objectContaining({ code: FilingErrorCode.Locked }));
  });

  it.each([
    [FilingStatus.Requested, FilingEvent.Accept],
    [FilingStatus.Requested, FilingEvent.Return],
    [FilingStatus.Submitted, FilingEvent.Submit],
    [FilingStatus.Accepted, FilingEvent.Accept],
    [FilingStatus.Returned, FilingEvent.Accept],
    [FilingStatus.Returned, FilingEvent.Return],
  ])('refuses %s + %s with a typed conflict', (from, event) => {
    let error: unknown;
    try {
      nextFilingStatus(from, event);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(FilingException);
    expect(error).toMatchObject({ code: FilingErrorCode.InvalidTransition, kind: 'CONFLICT' });
  });
});
