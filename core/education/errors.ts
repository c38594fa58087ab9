import { DomainError } from '../shared/errors';

const err = (code: string, message: string, log: string) => new DomainError(`EDUCATION.${code}`, message, log);

export const educationErrors = {
  notFound: (id: string) => err('NOT_FOUND', '文章不存在或已撤回', `article ${id} not found or not published`),
  campaignNotFound: (id: string) => err('CAMPAIGN_NOT_FOUND', '宣传活动不存在', `campaign ${id} not found`),
  duplicate: () => err('DUPLICATE', '编号已存在', 'record id already exists'),
  notDraft: () => err('NOT_EDITABLE', '只有草稿可以修改，已发布的文章请先撤回', 'only drafts can be edited'),
  notPublished: () => err('NOT_PUBLISHED', '文章未发布，不能推送', 'only a published article can be announced'),
  alreadyPublished: () => err('ALREADY_PUBLISHED', '文章已发布', 'article already published'),
  notWithdrawable: () => err('NOT_PUBLISHED', '只有已发布的文章可以撤回', 'only a published article can be withdrawn'),
  alreadyAnnounced: () => err('ALREADY_ANNOUNCED', '该文章已推送过，不会重复推送', 'article already announced'),
  emptyBody: () => err('EMPTY_BODY', '正文至少需要一段文字', 'article has no text paragraph'),
  imageNotUploaded: () => err('IMAGE_UNKNOWN', '图片须通过上传添加', 'image is not an uploaded file id'),
  imageTooLarge: (max: number) => err('IMAGE_TOO_LARGE', `图片过大（上限 ${Math.round(max / 1000)}KB），请压缩后再上传`, `image exceeds ${max} bytes`),
  imageType: () => err('IMAGE_TYPE', '只能上传 JPG、PNG 或 WebP 图片', 'image content is not jpg/png/webp'),
  badDates: () => err('BAD_DATES', '结束日期不能早于开始日期', 'campaign ends before it starts'),
  unavailable: () => err('UNAVAILABLE', '权益宣传暂不可用', 'education stores not deployed'),
};
