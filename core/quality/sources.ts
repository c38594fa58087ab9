/**
 * The inspector's two views of the areas: the month's frame (from each area's change feed, the same feeds
 * the rollups read) and one whole case as that area's staff view, personal data masked as staff see it.
 */
import type { ClaimStore } from '../claims/ports';
import { toStaffView as claimStaffView } from '../claims/views';
import { lifecycleContext, type ComplaintDeps } from '../complaints/deps';
import { toStaffView as complaintStaffView } from '../complaints/staffView';
import type { ConsultationStore } from '../consultations/ports';
import { toStaffView as consultationStaffView } from '../consultations/views';
import type { ClaimChangeFeed, ComplaintChangeFeed, ConsultationChangeFeed } from '../rollups/ports';
import type { Clock } from '../shared/ports';
import { claimFrameCase, complaintFrameCase, consultationFrameCase, frameFromFeed } from './frames';
import type { QualityCaseReader, QualityFrameSource } from './ports';

export const feedFrameSource = (feeds: { complaints: ComplaintChangeFeed; consultations: ConsultationChangeFeed; claims: ClaimChangeFeed }, clock: Clock): QualityFrameSource => ({
  frame: (area, period) => {
    const until = clock.now().toISOString();
    if (area === 'complaints') return frameFromFeed((c, u, l) => feeds.complaints.changedAfter(c, u, l), complaintFrameCase, period, until);
    if (area === 'consultations') return frameFromFeed((c, u, l) => feeds.consultations.changedAfter(c, u, l), consultationFrameCase, period, until);
    return frameFromFeed((c, u, l) => feeds.claims.changedAfter(c, u, l), claimFrameCase, period, until);
  },
});

/** Read-only: no action is offered (`may` all false); names stay masked, numbers in texts stay sealed. */
export const storeCaseReader = (areas: { complaints: ComplaintDeps; consultations: { store: ConsultationStore }; claims: { store: ClaimStore } }, staffNames: () => Promise<Map<string, string>>): QualityCaseReader => ({
  read: async (area, id) => {
    if (area === 'complaints') {
      const c = await areas.complaints.store.get(id);
      return c && complaintStaffView(lifecycleContext(areas.complaints), c, undefined, await staffNames());
    }
    if (area === 'consultations') {
      const c = await areas.consultations.store.get(id);
      return c && consultationStaffView(c, undefined, await staffNames(), areas.complaints.clock.now(), {});
    }
    const c = await areas.claims.store.get(id);
    return c && claimStaffView(c, {});
  },
});
