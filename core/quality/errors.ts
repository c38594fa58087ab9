import { DomainError } from '../shared/errors';
import { dueText } from '../shared/shanghaiTime';

/** Expected quality-inspection failures: a stable code, the staff member's message in Chinese, the log's in English. */
export const qualityErrors = {
  emptyPeriod: (period: string) => new DomainError('QA.EMPTY_PERIOD', `${period} 没有可抽检的已办结案件`, 'sampling frame is empty', { period }),
  periodNotOver: (period: string) => new DomainError('QA.PERIOD_NOT_OVER', `${period} 尚未结束，不能抽样`, 'sampling a period that has not ended', { period }),
  weightsSum: (sum: number) => new DomainError('QA.SCORECARD_WEIGHTS', `评分项权重合计须为100分（当前${sum}分）`, 'scorecard weights do not sum to 100', { sum }),
  duplicateItem: (key: string) => new DomainError('QA.SCORECARD_DUPLICATE_ITEM', `评分项“${key}”重复`, 'duplicate scorecard item key', { key }),
  badPassMark: () => new DomainError('QA.SCORECARD_PASS_MARK', '合格线须在1至100分之间', 'pass mark out of range'),
  alreadyScored: (number: string) => new DomainError('QA.ALREADY_SCORED', `案件 ${number} 已评分，不能重复评分`, 'case already scored in this sample', { number }),
  notInSample: () => new DomainError('QA.NOT_IN_SAMPLE', '该案件不在本次抽样中', 'case not in the sample'),
  notYourSample: () => new DomainError('QA.NOT_YOUR_SAMPLE', '只能为分配给您的抽样评分', 'scoring another inspector’s sample'),
  ownWork: () => new DomainError('QA.OWN_WORK', '不能质检本人办理的案件', 'inspector scoring their own case'),
  unknownItem: (key: string) => new DomainError('QA.UNKNOWN_ITEM', `评分项“${key}”不在评分表中`, 'score for an item not on the scorecard', { key }),
  missingItem: (label: string) => new DomainError('QA.ITEM_MISSING', `请为“${label}”评分`, 'scorecard item not scored', { label }),
  pointsOutOfRange: (label: string, weight: number) =>
    new DomainError('QA.POINTS_OUT_OF_RANGE', `“${label}”的得分须为0至${weight}之间的整数`, 'item points outside 0..weight', { label, weight }),
  unknownFatal: (key: string) => new DomainError('QA.UNKNOWN_FATAL', `致命差错“${key}”不在评分表中`, 'fatal error not on the scorecard', { key }),
  commentRequired: () => new DomainError('QA.COMMENT_REQUIRED', '不合格或有致命差错时须写明评语', 'failing score without a comment'),
  notHandler: () => new DomainError('QA.NOT_HANDLER', '只有被质检的经办人可以申诉', 'appeal by someone other than the handler'),
  alreadyAppealed: () => new DomainError('QA.ALREADY_APPEALED', '每次质检结果只能申诉一次', 'second appeal'),
  appealWindowClosed: (until: string) => new DomainError('QA.APPEAL_WINDOW_CLOSED', `申诉期已于${dueText(until)}结束`, 'appeal after the window', { until }),
  noAppeal: () => new DomainError('QA.NO_APPEAL', '该质检结果没有待处理的申诉', 'deciding an appeal that does not exist or is decided'),
  ownAppeal: () => new DomainError('QA.OWN_APPEAL', '不能处理本人提出或本人评分的申诉', 'appeal decided by the handler or the inspector'),
  revisedRequired: () => new DomainError('QA.REVISED_SCORE_REQUIRED', '改判须给出0至100之间的整数分数', 'changed appeal without a revised score in 0..100'),
  keyReused: () => new DomainError('QA.IDEMPOTENCY_KEY_REUSED', '请求编号已用于另一次抽样，请刷新后重试', 'idempotency key reused with other content'),
  unavailable: () => new DomainError('QA.UNAVAILABLE', '质检功能暂不可用', 'quality deps not wired in this deployment'),
  notFound: (what: string) => new DomainError('QA.NOT_FOUND', '未找到该质检记录', `${what} not found`),
};
