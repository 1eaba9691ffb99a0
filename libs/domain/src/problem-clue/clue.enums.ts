import { registerLabelledEnum } from '@app/federation';

/** 问题线索 from recording to disposal (分类处置). */
export enum ClueStatus {
  Recorded = 'recorded',
  /** Handed to the discipline organ that will hold it: the same level's, or a higher one's. */
  Transferred = 'transferred',
  Received = 'received',
  /** 初核 */
  PreliminaryVerification = 'preliminary_verification',
  /** 立案 */
  CaseFiled = 'case_filed',
  /** 了结 */
  Closed = 'closed',
  /** 移送 */
  PassedOn = 'passed_on',
}

registerLabelledEnum(ClueStatus, {
  name: 'ClueStatus',
  description: 'recorded · transferred 移交 · received 受理 · preliminary verification 初核 · case filed 立案 · closed 了结 · passed on 移送',
  labels: {
    recorded: '已登记',
    transferred: '已移交',
    received: '已受理',
    preliminary_verification: '初步核实',
    case_filed: '已立案',
    closed: '已了结',
    passed_on: '已移送',
  },
});
