import fs from 'node:fs';
import path from 'node:path';
import { ORPHAN_UPLOADS, sweepOrphanUploads, type AttachmentArea, type OrphanSweepRules } from '../../core/shared/orphanUploads';
import { cloudbaseUploadSweep, type CbStorageList, type CbSweepApp } from '../../adapters/cloudbase/fileStorage';
import { fixedClock } from '../../core/shared/ports';
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

describe('orphan uploads in CloudBase storage (the adapter over a storage listing; real storage not reachable here)', () => {
  const bucket = 'cloud://env-test.7465-env-test-1300000000/';
  const keys = new Map<string, { lastModified: string; body: Buffer }>();
  const list: CbStorageList = async ({ prefix, marker, maxKeys }) => {
    const all = [...keys.keys()].filter((k) => k.startsWith(prefix) && (!marker || k > marker)).sort();
    const page = all.slice(0, maxKeys);
    return { contents: page.map((key) => ({ key, lastModified: keys.get(key)!.lastModified })), truncated: all.length > maxKeys };
  };
  const app: CbSweepApp = {
    downloadFile: async ({ fileID }) => {
      const hit = keys.get(fileID.slice(bucket.length));
      if (!hit) throw new Error('STORAGE_FILE_NONEXIST');
      return { fileContent: hit.body };
    },
    deleteFile: async ({ fileList }) => {
      for (const f of fileList) keys.delete(f.slice(bucket.length));
    },
    uploadFile: async ({ cloudPath, fileContent }) => {
      keys.set(cloudPath, { lastModified: new Date().toISOString(), body: fileContent });
    },
  };

  it('lists the member upload folders (owner = folder), skips other keys, keeps attached files and keeps its cursor in storage', async () => {
    const old = '2026-11-01T00:00:00.000Z';
    keys.set('members/openid-alice/complaints/1-a.png', { lastModified: old, body: PNG });
    keys.set('members/openid-alice/complaints/2-b.pdf', { lastModified: old, body: PDF });
    keys.set('members/openid-alice/exports/data.json', { lastModified: old, body: Buffer.from('{}') });
    keys.set('members/openid-bob/complaints/3-c.png', { lastModified: '2026-11-02T05:00:00.000Z', body: PNG });
    const attached = `${bucket}members/openid-alice/complaints/1-a.png`;
    const complaints: AttachmentArea<{ attachments: string[] }> = {
      area: 'complaints',
      listByMember: async (memberId: string) => ({ items: memberId === 'openid-alice' ? [{ attachments: [attached] }] : [] }),
      filesOf: (c) => c.attachments,
    };
    const deps = { uploads: cloudbaseUploadSweep(app, list, bucket), areas: [complaints], clock: fixedClock('2026-11-02T06:00:00Z') };
    const first = await sweepOrphanUploads(deps, { ...ORPHAN_UPLOADS, examinePerRun: 2 });
    expect(first).toMatchObject({ examined: 2, removed: [`${bucket}members/openid-alice/complaints/2-b.pdf`], kept: 1, wrapped: false });
    expect(JSON.parse(keys.get('system/upload-sweep.json')!.body.toString())).toEqual({ after: 'members/openid-alice/complaints/2-b.pdf' });
    const second = await sweepOrphanUploads(deps, { ...ORPHAN_UPLOADS, examinePerRun: 2 });
    expect(second).toMatchObject({ examined: 1, removed: [], young: 1, wrapped: true }); // bob's is an hour old; alice's export is not an upload
    expect(keys.has(attached.slice(bucket.length))).toBe(true);
    expect(keys.has('members/openid-alice/exports/data.json')).toBe(true);
  });
});
