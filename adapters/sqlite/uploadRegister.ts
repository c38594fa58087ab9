import type { UploadRegister } from '../../core/shared/uploadSlots';
import type { Db } from './database';

/**
 * The upload-slot register locally (core/shared/uploadSlots.ts): the member functions' `uploadSlot`
 * works here as in the cloud. Nothing sweeps by it locally: uploads go through the gateway, whose
 * sidecars the local sweep reads (server/local/gateway/uploads.ts).
 */
export const sqliteUploadRegister = (db: Db): UploadRegister => {
  const insert = db.prepare('INSERT INTO upload_slots (cloud_path, owner, area, granted_at) VALUES (?, ?, ?, ?)');
  return {
    register: async (slot) => {
      insert.run(slot.cloudPath, slot.owner, slot.area, slot.grantedAt.toISOString());
    },
  };
};
