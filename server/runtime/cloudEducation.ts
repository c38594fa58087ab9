import { cloudbaseEducationStore } from '../../adapters/cloudbase/educationStore';
import { cloudbaseFileStorage, type CbStorageApp } from '../../adapters/cloudbase/fileStorage';
import type { CbDatabase } from '../../adapters/cloudbase/database';
import type { EducationDeps } from '../../core/education/deps';
import type { MemberStore } from '../../core/members/ports';
import type { IdGenerator } from '../../core/shared/ports';
import { systemClock } from './systemPorts';

/** 权益宣传 on CloudBase, for the members function (reads, marks) and, with images, the admin function and the timer. */
export const cloudEducationDeps = (db: CbDatabase, app: unknown, members: Pick<MemberStore, 'get'>, ids: IdGenerator): EducationDeps => ({
  education: cloudbaseEducationStore(db),
  files: cloudbaseFileStorage(app as CbStorageApp),
  clock: systemClock,
  ids,
  isBound: async (id) => (await members.get(id))?.kind === 'bound',
});
