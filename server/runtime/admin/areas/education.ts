import {
  announceArticle,
  articleNotices,
  campaignArchive,
  educationArticle,
  educationOverview,
  publishArticle,
  reachFigure,
  saveArticleDraft,
  saveCampaign,
  uploadArticleImage,
  withdrawArticle,
} from '../../../../core/education/staffUseCases';
import type { StaffArea } from '../../../../core/staff/actions';
import type { AdminDeps } from '../deps';

/**
 * 权益宣传: articles (draft → published → withdrawn) with staff-uploaded images, their announcement to every
 * bound member (message centre; a push only with the member's credit) and who got which, campaigns as the
 * 宣传档案 with opens and reach per month. Read: oversight roles and the benefits admin; change: the
 * manager and the benefits admin. Every change is audited; the records live in core/education.
 */
export const educationArea: StaffArea<AdminDeps> = {
  overview: educationOverview,
  article: educationArticle,
  saveDraft: saveArticleDraft,
  uploadImage: uploadArticleImage,
  publish: publishArticle,
  withdraw: withdrawArticle,
  announce: announceArticle,
  notices: articleNotices,
  saveCampaign,
  archive: campaignArchive,
  reach: reachFigure,
};
