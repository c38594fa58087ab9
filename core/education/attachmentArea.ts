import type { AttachmentArea } from '../shared/orphanUploads';
import { filesOfArticle, type Article } from './model';
import type { EducationStore } from './ports';

/**
 * Article images for the orphan sweep: staff upload them (owner `staff:<id>`) and any article may show
 * them, so for a staff owner the "records" are the articles (newest 1000), and an image none of them
 * shows is an orphan after the grace period like any member upload.
 */
export const educationAttachmentArea = (store: Pick<EducationStore, 'allArticles'>): AttachmentArea<Article> => ({
  area: 'education',
  listByMember: async (owner) => ({ items: owner.startsWith('staff:') ? await store.allArticles(1000) : [] }),
  filesOf: (a) => filesOfArticle(a),
});
