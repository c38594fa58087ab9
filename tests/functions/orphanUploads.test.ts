import { sha256 } from '../../adapters/hash';
import fs from 'node:fs';
import path from 'node:path';
import { ORPHAN_UPLOADS, sweepOrphanUploads, type AttachmentArea, type OrphanSweepRules } from '../../core/shared/orphanUploads';
import { cloudbaseComplaintStore } from '../../adapters/cloudbase/complaintStore';
import { cloudbaseFileStorage } from '../../adapters/cloudbase/fileStorage';
import { cloudbaseUploadRegister, cloudbaseUploadSweep, type CbSweepApp } from '../../adapters/cloudbase/uploadRegister';
import { submitComplaint } from '../../core/complaints/memberUseCases';
import { fixedClock } from '../../core/shared/ports';
import { grantUploadSlot } from '../../core/shared/uploadSlots';
import { cloudAttachmentAreas, orphanUploadWatch } from '../../cloudfunctions/jobs/uploadSweep';
import { CloudbaseDatabaseFake } from '../fakes/cloudbaseDatabaseFake';
import { sequentialIds, testDeps } from '../support/fixtures';
import { harness, validSubmit } from '../support/localHarness';
import type { Caller } from '../../server/runtime/functionRuntime';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const alice = { kind: 'member', openid: 'openid-alice' } as const satisfies Caller;
const bob = { kind: 'member', openid: 'openid-bob' } as const satisfies Caller;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');
const HOUR = 3_600_000;

describe('orphan uploads: files no record took within 24 hours are deleted by the timer', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness('2026-11-02T06:00:00Z');
  });
  afterEach(() => h.close());

  const sweep = (rules: OrphanSweepRules = ORPHAN_UPLOADS) => sweepOrphanUploads({ uploads: h.system.files.sweep, areas: h.system.attachmentAreas, clock: h.clock }, rules);
  const exists = (fileId: string) => fs.existsSync(path.join(h.dataDir, 'uploads', fileId.replace('local://uploads/', '')));
  const sidecar = (fileId: string) => fs.existsSync(path.join(h.dataDir, 'uploads', `${fileId.replace('local://uploads/', '')}.json`));

  it('keeps what is attached (at submit or added later) and what is younger than 24 h; deletes the rest with its sidecar', async () => {
    const submitted = h.system.files.save(alice.openid, PNG);
    const added = h.system.files.save(alice.openid, PDF, '补充材料.pdf');
    const orphan = h.system.files.save(alice.openid, PDF, '没用上的.pdf');
    const bobsOrphan = h.system.files.save(bob.openid, PNG);
    const sub: Json = await h.call('complaints', alice, { ...validSubmit(), data: { ...validSubmit().data, attachments: [submitted] } });
    expect(sub.ok).toBe(true);
    const info: Json = await h.call('complaints', alice, { action: 'addInformation', data: { id: sub.data.complaint.id, text: '补充一份材料', attachments: [added] } });
    expect(info.ok).toBe(true);

    h.clock.advance(23 * HOUR);
    const early = await sweep();
    expect(early).toMatchObject({ examined: 4, removed: [], young: 4, wrapped: true });

    h.clock.advance(HOUR + 1);
    const late = h.system.files.save(bob.openid, PNG); // uploaded just now: still within its 24 hours
    const run = await sweep();
    expect(run.removed.sort()).toEqual([orphan, bobsOrphan].sort());
    expect(run).toMatchObject({ examined: 5, kept: 2, young: 1 });
    for (const f of [orphan, bobsOrphan]) expect([exists(f), sidecar(f)]).toEqual([false, false]);
    for (const f of [submitted, added, late]) expect(exists(f)).toBe(true);
    // The attached ones still open for the member.
    const link: Json = await h.call('complaints', alice, { action: 'fileUrl', data: { id: sub.data.complaint.id, fileId: added } });
    expect(link.ok).toBe(true);
  });

  it('keeps a file any area holds: a consultation photo is not an orphan because no complaint has it', async () => {
    const photo = h.system.files.save(alice.openid, PNG);
    const asked: Json = await h.call('consultations', alice, {
      action: 'ask',
      data: { idempotencyKey: 'ask-sweep-000000001', topic: 'coverage', question: '这张体检报告上的结节，重疾险保不保？', attachments: [photo] },
    });
    expect(asked.ok).toBe(true);
    const orphan = h.system.files.save(alice.openid, PNG);
    h.clock.advance(25 * HOUR);
    const result = await sweep();
    expect(result.removed).toEqual([orphan]);
    expect(exists(photo)).toBe(true);
    expect(h.system.attachmentAreas.map((a) => a.area)).toEqual(['complaints', 'consultations', 'claims', 'ledger', 'education']);
  });

  it('looks at a bounded slice per run and resumes from its cursor, then starts over', async () => {
    const files = Array.from({ length: 7 }, () => h.system.files.save(alice.openid, PNG));
    h.clock.advance(25 * HOUR);
    const rules = { ...ORPHAN_UPLOADS, examinePerRun: 3 };
    const runs = [await sweep(rules), await sweep(rules), await sweep(rules)];
    expect(runs.map((r) => [r.examined, r.removed.length, r.wrapped])).toEqual([
      [3, 3, false],
      [3, 3, false],
      [1, 1, true],
    ]);
    expect(new Set(runs.flatMap((r) => r.removed))).toEqual(new Set(files));
    expect(fs.readdirSync(path.join(h.dataDir, 'uploads'))).toEqual([]);
    expect(await sweep(rules)).toMatchObject({ examined: 0, wrapped: true });
  });

  it('deletes a file whose sidecar is gone (nobody can attach it), by its file time', async () => {
    const f = h.system.files.save(alice.openid, PNG);
    fs.rmSync(path.join(h.dataDir, 'uploads', `${f.replace('local://uploads/', '')}.json`));
    const old = new Date(Date.now() - 25 * HOUR);
    fs.utimesSync(path.join(h.dataDir, 'uploads', f.replace('local://uploads/', '')), old, old);
    h.clock.set(new Date().toISOString());
    expect((await sweep()).removed).toEqual([f]);
  });
});

describe('orphan uploads in CloudBase: the sweep walks the upload-slot register (storage itself cannot be listed)', () => {
  const bucket = 'cloud://env-test.7465-env-test-1300000000/';
  const at = '2026-11-02T06:00:00Z';
  let db: CloudbaseDatabaseFake;
  /** Storage, by path: what the phone uploaded and what the sweep deleted. */
  let stored: Map<string, Buffer>;
  let markerUploads: number;
  let ids: ReturnType<typeof sequentialIds>;
  let app: CbSweepApp & { downloadFile(o: { fileID: string }): Promise<{ fileContent: Buffer }>; getTempFileURL(): Promise<never> };
  beforeEach(() => {
    db = new CloudbaseDatabaseFake();
    stored = new Map();
    markerUploads = 0;
    ids = sequentialIds('up');
    app = {
      uploadFile: async ({ cloudPath, fileContent }) => {
        if (cloudPath.startsWith('system/')) markerUploads += 1;
        stored.set(cloudPath, fileContent);
        return { fileID: `${bucket}${cloudPath}` };
      },
      downloadFile: async ({ fileID }) => {
        const hit = stored.get(fileID.slice(bucket.length));
        if (!hit) throw new Error('STORAGE_FILE_NONEXIST');
        return { fileContent: hit };
      },
      deleteFile: async ({ fileList }) => {
        for (const f of fileList) stored.delete(f.slice(bucket.length));
        return {};
      },
      getTempFileURL: async () => {
        throw new Error('not used');
      },
    };
  });

  /** A member's upload as the phone does it: a slot from the area function, then the bytes to its path. */
  const upload = async (memberId: string, body: Buffer, ext: string, clock = fixedClock(at)) => {
    const { cloudPath } = await grantUploadSlot(
      { register: cloudbaseUploadRegister(db), limits: { takeLimits: async () => null }, ids, clock },
      memberId,
      'complaints',
      { ext },
    );
    stored.set(cloudPath, body);
    return `${bucket}${cloudPath}`;
  };
  const registered = () => db.dump('upload_slots').map((d) => d.path);

  it('keeps a registered, attached file; deletes a registered orphan past 24 h with its entry; never touches an unregistered key', async () => {
    const attached = await upload('openid-alice', PNG, 'png');
    const orphan = await upload('openid-alice', PDF, 'pdf');
    // A file put in the member's folder without a slot (a client bypassing it): the sweep never sees it.
    stored.set('members/openid-alice/complaints/stray.png', PNG);
    // The complaint holds the attached file, through the cloud stores and file check the functions use.
    const { deps } = testDeps(cloudbaseComplaintStore(db), at);
    const sub = await submitComplaint({ ...deps, files: cloudbaseFileStorage(app) }, 'openid-alice', {
      idempotencyKey: 'key-cloud-sweep-000001',
      category: 'service',
      description: '客服多次承诺回电但没有任何人联系我',
      attachments: [attached],
    });
    expect(sub.created).toBe(true);

    const watch = orphanUploadWatch(app, db);
    const early = await watch.scan(new Date('2026-11-03T05:59:00Z'), 200);
    expect(early).toMatchObject({ examined: 2, changed: 0, extra: { young: 2, wrapped: 1 } });

    const run = await watch.scan(new Date('2026-11-03T06:00:01Z'), 200);
    expect(run).toMatchObject({ examined: 2, changed: 1, extra: { removed: 1, kept: 1, young: 0 } });
    expect(stored.has(orphan.slice(bucket.length))).toBe(false);
    expect(registered()).toEqual([attached.slice(bucket.length)]);
    expect(stored.has(attached.slice(bucket.length))).toBe(true);
    expect(stored.has('members/openid-alice/complaints/stray.png')).toBe(true);
    // The bucket's prefix was learned once from a marker upload and kept with the cursor.
    expect(markerUploads).toBe(1);
    expect(db.dump('upload_sweep')).toEqual([{ _id: 'cursor', after: null, filePrefix: bucket }]);
  });

  it('looks at a bounded slice per run, resumes from the cursor document (also in a new container), then starts over', async () => {
    const files: string[] = [];
    for (const who of ['openid-alice', 'openid-bob', 'openid-carol']) for (let i = 0; i < 2; i++) files.push(await upload(who, PNG, 'jpg'));
    const rules = { ...ORPHAN_UPLOADS, examinePerRun: 4 };
    const areas = cloudAttachmentAreas(db);
    const clock = fixedClock('2026-11-03T07:00:00Z');
    const first = await sweepOrphanUploads({ uploads: cloudbaseUploadSweep(app, db), areas, clock }, rules);
    expect(first).toMatchObject({ examined: 4, wrapped: false });
    expect(db.dump('upload_sweep')[0]).toMatchObject({ after: files.map((f) => sha256(f.slice(bucket.length))).sort()[3] });
    // A cold container: a new adapter reads cursor and prefix from the document, uploading no marker again.
    const second = await sweepOrphanUploads({ uploads: cloudbaseUploadSweep(app, db), areas, clock }, rules);
    expect(second).toMatchObject({ examined: 2, wrapped: true });
    expect(markerUploads).toBe(1);
    expect(new Set([...first.removed, ...second.removed])).toEqual(new Set(files));
    expect(registered()).toEqual([]);
    expect([...stored.keys()].filter((k) => k.startsWith('members/'))).toEqual([]);
    expect(await sweepOrphanUploads({ uploads: cloudbaseUploadSweep(app, db), areas, clock }, rules)).toMatchObject({ examined: 0, wrapped: true });
  });

  it('is given every attaching area, as the local system is', () => {
    const h = harness(at);
    try {
      expect(cloudAttachmentAreas(db).map((a) => a.area)).toEqual(h.system.attachmentAreas.map((a) => a.area));
    } finally {
      h.close();
    }
  });
});
