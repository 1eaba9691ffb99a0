import { jobsOf } from './relay.service';

describe('jobsOf', () => {
  const rows = (...sizes: number[]) => sizes.map((bytes, i) => ({ id: i, bytes }));
  const ids = (jobs: Array<Array<{ id: number }>>) => jobs.map((job) => job.map((row) => row.id));

  it('keeps the publishing order and cuts at 100 envelopes', () => {
    const jobs = jobsOf(rows(...Array.from({ length: 250 }, () => 1_000)));
    expect(jobs.map((job) => job.length)).toEqual([100, 100, 50]);
    expect(jobs.flat().map((row) => row.id)).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('cuts before a job would pass 1 MiB, and sends a larger envelope alone', () => {
    expect(ids(jobsOf(rows(600_000, 400_000, 100_000, 2_000_000, 10)))).toEqual([[0, 1], [2], [3], [4]]);
  });

  it('makes no job of no rows', () => {
    expect(jobsOf([])).toEqual([]);
  });
});
