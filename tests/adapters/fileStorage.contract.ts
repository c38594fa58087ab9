import { checkAttachments, fileLink, FILE_RULES, type FileStorage } from '../../core/shared/files';

export interface FileStorageUnderTest {
  files: FileStorage;
  /**
   * Puts a file as its member would (not part of the port: the gateway's upload locally, the phone's
   * wx.cloud.uploadFile to `members/<openid>/complaints/` in production). Returns its file id.
   */
  put(owner: string, bytes: Buffer, name: string): Promise<string>;
  /** A file id of the same shape as `put`'s that was never stored. */
  missingId(owner: string): string;
  /** Opens a link as a browser would at `at` (where the harness can move time): the bytes, or null when refused. */
  open(url: string, at: Date): Promise<Buffer | null>;
  /** False where the clock cannot be moved (real storage): the expiry case is then not run. */
  canMoveTime: boolean;
  close?(): Promise<void> | void;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-and-the-rest-of-the-picture-0123456789')]);
const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n');
const ALICE = 'openid-alice';
const BOB = 'openid-bob01';

/** What every FileStorage does, locally and on CloudBase storage. */
export const fileStorageContract = (make: () => Promise<FileStorageUnderTest>) => {
  let s: FileStorageUnderTest;
  beforeEach(async () => {
    s = await make();
  });
  afterEach(async () => {
    await s.close?.();
  });

  it('tells who stored a file, its size, its first 16 bytes and its name', async () => {
    const id = await s.put(ALICE, PNG, '事故现场.png');
    const head = await s.files.head(id);
    expect(head).not.toBeNull();
    expect(head!.owner).toBe(ALICE);
    expect(head!.size).toBe(PNG.length);
    expect(Buffer.from(head!.firstBytes)).toEqual(PNG.subarray(0, FILE_RULES.sniffBytes));
    expect(head!.name).toBe('事故现场.png');
  });

  it('gives the whole file as its first bytes when it is shorter than the sniffer reads', async () => {
    const tiny = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]);
    const head = await s.files.head(await s.put(ALICE, tiny, 'tiny.jpg'));
    expect(head!.size).toBe(5);
    expect(Buffer.from(head!.firstBytes)).toEqual(tiny);
  });

  it('knows nothing of a file never stored, or of an id that is not a file id', async () => {
    await s.put(ALICE, PNG, 'a.png');
    expect(await s.files.head(s.missingId(ALICE))).toBeNull();
    expect(await s.files.head('not-a-file-id')).toBeNull();
    expect(await s.files.head('')).toBeNull();
  });

  it('removes one file, leaves the others, and removing it again is harmless', async () => {
    const a = await s.put(ALICE, PNG, 'a.png');
    const b = await s.put(ALICE, PDF, 'b.pdf');
    await s.files.remove(a);
    expect(await s.files.head(a)).toBeNull();
    expect((await s.files.head(b))?.size).toBe(PDF.length);
    await s.files.remove(a);
    await s.files.remove(s.missingId(ALICE));
    expect((await s.files.head(b))?.size).toBe(PDF.length);
  });

  it('links a file to its bytes for a viewer, and a removed file\'s link no longer opens', async () => {
    const id = await s.put(ALICE, PDF, '病历.pdf');
    const now = new Date();
    const { url, expiresAt } = await fileLink(s.files, id, `member:${ALICE}`, now);
    expect(Date.parse(expiresAt) - now.getTime()).toBeLessThanOrEqual(FILE_RULES.linkTtlMs);
    expect(await s.open(url, now)).toEqual(PDF);
    const staffUrl = (await fileLink(s.files, id, 'staff:agent01', now)).url;
    expect(await s.open(staffUrl, now)).toEqual(PDF);

    await s.files.remove(id);
    expect(await s.open(url, now)).toBeNull();
  });

  it('never links a file never stored to any bytes', async () => {
    const now = new Date();
    const link = await s.files.link(s.missingId(ALICE), `member:${ALICE}`, new Date(now.getTime() + 60_000)).catch(() => null);
    if (link !== null) expect(await s.open(link, now)).toBeNull();
  });

  it('lets a link expire', async () => {
    if (!s.canMoveTime) return; // real storage: the clock cannot be moved (see the runner)
    const id = await s.put(ALICE, PNG, 'a.png');
    const now = new Date();
    const { url } = await fileLink(s.files, id, `member:${ALICE}`, now);
    expect(await s.open(url, new Date(now.getTime() + FILE_RULES.linkTtlMs - 1000))).toEqual(PNG);
    expect(await s.open(url, new Date(now.getTime() + FILE_RULES.linkTtlMs + 1000))).toBeNull();
  });

  it('accepts a member\'s own files as attachments and answers someone else\'s as not theirs, leaving it alone', async () => {
    const mine = await s.put(ALICE, PNG, 'a.png');
    const pdf = await s.put(ALICE, PDF, 'b.pdf');
    await expect(checkAttachments(s.files, ALICE, [mine, pdf])).resolves.toBeUndefined();
    await expect(checkAttachments(s.files, BOB, [mine])).rejects.toMatchObject({ code: 'ATTACHMENT.NOT_YOURS' });
    await expect(checkAttachments(s.files, ALICE, [s.missingId(ALICE)])).rejects.toMatchObject({ code: 'ATTACHMENT.NOT_YOURS' });
    expect((await s.files.head(mine))?.owner).toBe(ALICE);
  });
};
