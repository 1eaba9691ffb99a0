import { ChainLink, chainPosition } from './approval-chain';
import { FilingStatus } from './filing.enums';

const link = (id: string, parentFilingId: string | null, filer: string, reviewer: string, status: FilingStatus): ChainLink => ({
  id,
  parentFilingId,
  filerNodeId: filer,
  reviewerNodeId: reviewer,
  status,
});

describe('approval chain: who is waiting on whom', () => {
  const province = link('p', null, '130000', '000000', FilingStatus.Requested);
  const cityA = link('a', 'p', '130100', '130000', FilingStatus.Accepted);
  const cityB = link('b', 'p', '130200', '130000', FilingStatus.Returned);
  const county = link('c', 'b', '130202', '130200', FilingStatus.Submitted);
  const links = [province, cityA, cityB, county];

  it('holds a consolidated filing back until every child is accepted', () => {
    expect(chainPosition(province, links)).toEqual({ waitingOn: '130000', blockedBy: ['130200'] });
  });

  it('points a submitted link at its reviewer', () => {
    expect(chainPosition(county, links)).toEqual({ waitingOn: '130200', blockedBy: [] });
  });

  it('shows a returned city blocked by the county it must hear from again', () => {
    expect(chainPosition(cityB, links)).toEqual({ waitingOn: '130200', blockedBy: ['130202'] });
  });

  it('waits on nobody once accepted', () => {
    expect(chainPosition(cityA, links)).toEqual({ waitingOn: null, blockedBy: [] });
  });

  it('frees the province once the last child is accepted', () => {
    const done = [province, cityA, { ...cityB, status: FilingStatus.Accepted }];
    expect(chainPosition(province, done)).toEqual({ waitingOn: '130000', blockedBy: [] });
  });
});
