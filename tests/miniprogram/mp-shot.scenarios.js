/* States for the member-service project (会员服务). Data comes from the project's real gateway, started
 * in-process on a fresh SQLite file exactly like tests/miniprogram/pageHarness.ts does, then seeded with
 * the same demo data `npm start` seeds (server/local/demoData.ts) plus one fresh urgent complaint, and the
 * outbox drained into the message centre. Time is the machine's clock (as `npm start`).
 * With MP_SHOT_GATEWAY=http://127.0.0.1:8787 the pages talk to an already running `npm start` instead.
 * Each state: member (dev openid), offline (gateway unreachable -> error state), storage, query, after. */
const path = require('path');

/** A small real PNG (a soft blue gradient, as a photographed receipt would be a picture), so the photo tile is not a grey box. */
const samplePng = () => {
  const zlib = require('zlib');
  const w = 64; const h = 64; const rows = [];
  for (let y = 0; y < h; y++) { const r = [0]; for (let x = 0; x < w; x++) r.push(180 + (x >> 2), 200 + (y >> 2), 240); rows.push(Buffer.from(r)); }
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  // A data URL: mp-shot draws local images only from inside the mini-program folder.
  return `data:image/png;base64,${Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]).toString('base64')}`;
};
const DESCRIPTION = '理赔款申请已经过去二十天，至今没有到账，客服只说在处理中，没有给出具体时间。';

const OFFLINE_URL = 'http://127.0.0.1:9'; // discard port: connection refused -> wx.request fail
const NOBODY = 'demo-member-new-0001'; // a member with no complaints and no messages

module.exports = {
  async setup({ project }) {
    const P = (p) => require(path.join(project, p));
    const { startBackend, standIn } = P('tests/miniprogram/pageHarness');
    const { config } = P('miniprogram/config');
    const ctx = { config, standIn, ids: {} };
    if (process.env.MP_SHOT_GATEWAY) {
      config.mode = 'local';
      config.gatewayUrl = process.env.MP_SHOT_GATEWAY;
      ctx.liveGateway = config.gatewayUrl;
      // find complaint ids per status through the gateway's own API (dev sign-in, listMine)
      const post = (url, body, token) => new Promise((resolve, reject) => {
        const u = new URL(url); const data = Buffer.from(JSON.stringify(body));
        const req = require('http').request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': data.length, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
        (res) => { const c = []; res.on('data', (d) => c.push(d)); res.on('end', () => { try { resolve(JSON.parse(Buffer.concat(c).toString())); } catch (e) { reject(e); } }); });
        req.on('error', reject); req.end(data);
      });
      for (const openid of ['demo-member-alice', 'demo-member-bob']) {
        const login = await post(`${config.gatewayUrl}/dev/login`, { openid });
        const list = await post(`${config.gatewayUrl}/api/complaints`, { action: 'listMine', data: { limit: 20 } }, login.data.token);
        for (const c of (list.ok && list.data.items) || []) {
          if (openid.endsWith('bob')) ctx.ids.bob = ctx.ids.bob || c.id;
          else ctx.ids[c.status] = ctx.ids[c.status] || c.id;
        }
      }
    } else {
      const { DEMO_MEMBERS, seedDemoData, seedDemoMembers } = P('server/local/demoData');
      const { knownTemplateIds } = P('server/runtime/config');
      const { dispatchOutbox } = P('core/notifications/dispatcher');
      const { submitComplaint } = P('core/complaints/memberUseCases');
      const backend = await startBackend(new Date().toISOString());
      const sys = backend.system;
      for (const m of DEMO_MEMBERS) for (const id of knownTemplateIds()) for (let i = 0; i < 5; i++) await sys.subscriptions.subscriptions.grant(m.openid, id, new Date());
      await seedDemoData(sys.complaints);
      // Both demo members have consented to the current privacy notice, so their home shots show the home;
      // the consent sheet is shot with a member who has not (NOBODY). Consent comes first: binding requires it.
      const { answerPrivacyNotice } = P('core/privacy/consent');
      for (const m of DEMO_MEMBERS) await answerPrivacyNotice(sys.privacy, m.openid, { noticeVersion: sys.privacy.notice.version, agree: true });
      // The demo register; 张晓敏 bound to her medical policy, 李建国 a visitor (as npm start seeds them).
      await seedDemoMembers(sys.members, require('fs').readFileSync(path.join(project, 'scripts/samples/policy-register-demo.csv'), 'utf8'));
      // one just-submitted complaint for alice, with a policy number and a long description
      await submitComplaint(sys.complaints, DEMO_MEMBERS[0].openid, {
        idempotencyKey: 'mp-shot-alice-000003', category: 'sales', policyNo: 'P2026004567',
        description: '业务员在推销时称该产品“保本保息、随时可取”，但退保时只退回了现金价值，损失近两万元，要求按当时承诺处理并说明原因。',
      });
      await dispatchOutbox(sys.notify);
      ctx.backend = backend;
      ctx.gatewayUrl = config.gatewayUrl;
      const mine = await sys.complaints.store.listByMember(DEMO_MEMBERS[0].openid, { limit: 20 });
      for (const c of mine.items) ctx.ids[c.status] = ctx.ids[c.status] || c.id;
      const bobs = await sys.complaints.store.listByMember(DEMO_MEMBERS[1].openid, { limit: 5 });
      ctx.ids.bob = bobs.items[0] && bobs.items[0].id;
    }
    ctx.gatewayUrl = config.gatewayUrl;
    return ctx;
  },
  async beforeState(state, ctx) {
    ctx.standIn.reset(); // fresh phone storage (no token, no draft) for each state
    ctx.config.mode = 'local';
    ctx.config.gatewayUrl = state.offline ? OFFLINE_URL : ctx.gatewayUrl;
    ctx.config.devOpenid = state.member || 'demo-member-alice';
    for (const [k, v] of Object.entries(state.storage || {})) ctx.standIn.storage.set(k, v);
  },
  async teardown(ctx) {
    if (ctx.backend) await ctx.backend.stop();
  },
  pages: {
    'pages/home/home': [
      { name: 'bound', note: '张晓敏: member card, one policy, unread count on 消息' },
      { name: 'visitor', member: 'demo-member-bob', note: '李建国: not bound yet, bind prompt' },
      { name: 'error', offline: true, note: 'gateway unreachable: retry' },
      { name: 'consent-sheet', member: NOBODY, note: 'a member who has not consented to the current notice' },
      { name: 'consent-declined', member: 'demo-member-new-0002', note: 'after 不同意: banner, services still open', after: async (page) => page.instance.onDecline() },
    ],
    'packages/members/pages/my-data/my-data': [
      { name: 'bound', note: '张晓敏: account (masked), policy, consents, complaints, retention rules, actions' },
      { name: 'revealed', note: 'after 显示完整信息', after: async (page) => page.instance.onToggleReveal() },
      { name: 'visitor', member: 'demo-member-bob', note: '李建国: visitor, no policies' },
      {
        name: 'export-code', note: 'export sheet, code sent',
        after: async (page, ctx) => {
          if (ctx.backend) ctx.backend.clock.advance(61_000); // the demo binding's code went to the same phone
          page.instance.onExport();
          await page.instance.onSendCode();
          page.instance.onUnload();
        },
      },
      {
        name: 'exported', note: 'file written, ready to send to a chat',
        after: async (page, ctx) => {
          if (!ctx.backend) return;
          ctx.backend.clock.advance(61_000);
          page.instance.onExport();
          await page.instance.onSendCode();
          const code = /为(\d{6})/.exec(ctx.backend.system.smsSandbox.list(1)[0].text)[1];
          page.instance.onInput({ currentTarget: { dataset: { field: 'code' } }, detail: { value: code } });
          await page.instance.onConfirmExport();
          page.instance.onUnload();
        },
      },
      { name: 'export-visitor', member: 'demo-member-bob', note: 'visitor taps 导出', after: async (page) => page.instance.onExport() },
      {
        name: 'correction', note: 'correction sheet, bad input',
        after: async (page) => {
          page.instance.onCorrection();
          page.instance.onPickField({ currentTarget: { dataset: { key: 'name' } } });
          page.instance.onInput({ currentTarget: { dataset: { field: 'detail' } }, detail: { value: '太短' } });
          await page.instance.onSubmitCorrection();
        },
      },
      { name: 'deletion', note: 'deletion sheet', after: async (page) => page.instance.onDeletion() },
      { name: 'error', offline: true, note: 'gateway unreachable: retry' },
    ],
    'packages/members/pages/privacy-notice/privacy-notice': [{ name: 'default', note: 'the notice in full' }],
    'packages/members/pages/bind/bind': [
      { name: 'blank', member: 'demo-member-bob', note: 'fresh form' },
      {
        name: 'code-sent', member: 'demo-member-bob', note: 'code sent, countdown running',
        after: async (page) => {
          page.instance.onInput({ currentTarget: { dataset: { field: 'policyNo' } }, detail: { value: 'P2026000456' } });
          page.instance.onInput({ currentTarget: { dataset: { field: 'phone' } }, detail: { value: '13900139000' } });
          await page.instance.onSend();
          page.instance.onUnload();
        },
      },
      {
        name: 'no-match', member: 'demo-member-bob', note: 'phone not the register\'s holder phone',
        after: async (page) => {
          page.instance.onInput({ currentTarget: { dataset: { field: 'policyNo' } }, detail: { value: 'P2026000456' } });
          page.instance.onInput({ currentTarget: { dataset: { field: 'phone' } }, detail: { value: '13800138000' } });
          await page.instance.onSend();
        },
      },
    ],
    'packages/complaints/pages/complaints/complaints': [
      { name: 'data', note: '张晓敏: 3 complaints (resolved, waiting for member, just submitted)' },
      { name: 'empty', member: NOBODY, note: 'a member with no complaints' },
      { name: 'error', offline: true, note: 'gateway unreachable' },
    ],
    'packages/complaints/pages/complaint-form/complaint-form': [
      { name: 'blank', note: '张晓敏 (bound): fresh form, policy picker of her own policies' },
      { name: 'visitor', member: 'demo-member-bob', note: '李建国 (visitor): free-text policy number' },
      {
        name: 'other-policy', note: 'bound member picked 其他/不涉及保单: free-text field below the picker',
        after: async (page) => page.instance.onPolicyPick({ detail: { value: String(page.data.policies.length) } }),
      },
      { name: 'invalid', note: 'tapped 提交投诉 on a blank form', after: async (page) => page.instance.onSubmit() },
      {
        name: 'filled', note: 'draft restored from storage',
        storage: { complaintDraft: { idempotencyKey: 'mp-shot-draft-1', categoryIndex: 1, description: '理赔款申请已经过去二十天，至今没有到账，客服只说在处理中，没有给出具体时间。', policyNo: 'P2026000123', photos: [] } },
      },
      {
        name: 'submit-failed', offline: true, note: 'filled, tapped submit while offline',
        storage: { complaintDraft: { idempotencyKey: 'mp-shot-draft-2', categoryIndex: 1, description: '理赔款申请已经过去二十天，至今没有到账，客服只说在处理中，没有给出具体时间。', policyNo: '', photos: [] } },
        after: async (page) => page.instance.onSubmit(),
      },
      {
        name: 'with-pdf', note: 'a photo and two PDFs from a chat attached: PDF tiles with name and size, both add tiles',
        after: async (page) => page.instance.update({
          categoryIndex: 0, description: DESCRIPTION,
          photos: [
            { path: samplePng() },
            { path: '/tmp/mp-shot-claim-list.pdf', kind: 'pdf', name: '理赔材料清单（2026年10月）.pdf', size: 834560, sizeText: '815 KB' },
            { path: '/tmp/mp-shot-invoice.pdf', kind: 'pdf', name: '医院发票.pdf', size: 2411724, sizeText: '2.3 MB' },
          ],
        }),
      },
      {
        name: 'pdf-refused', note: 'a "PDF" that is really HTML: the server refuses it on upload, the form names the file',
        after: async (page) => {
          const fake = path.join(require('os').tmpdir(), 'mp-shot-not-a-pdf.pdf');
          require('fs').writeFileSync(fake, '<html><script>alert(1)</script></html>');
          page.instance.update({ categoryIndex: 0, description: DESCRIPTION, photos: [{ path: fake, kind: 'pdf', name: '报价单.pdf', size: 39, sizeText: '39 B' }] });
          await page.instance.submit();
        },
      },
      {
        name: 'submitting', note: 'button while a submit is in flight (state forced)',
        storage: { complaintDraft: { idempotencyKey: 'mp-shot-draft-3', categoryIndex: 0, description: '理赔款申请已经过去二十天，至今没有到账。', policyNo: '', photos: [] } },
        after: async (page) => page.setData({ state: 'submitting' }),
      },
    ],
    'packages/complaints/pages/complaint-detail/complaint-detail': [
      { name: 'resolved', query: (c) => ({ id: c.ids.resolved }), note: 'answered: decision, rating, review request' },
      { name: 'waiting', query: (c) => ({ id: c.ids.waitingForMember }), note: 'staff asked for more information (clock paused)' },
      {
        name: 'waiting-files', query: (c) => ({ id: c.ids.waitingForMember }), note: 'staff’s ask on top, a reply with a photo and a PDF chosen',
        after: async (page) => page.setData({
          info: '续保通知短信截图和当时的缴费凭证已附上，请查收。',
          infoFiles: [{ path: samplePng() }, { path: '/tmp/mp-shot-receipt.pdf', kind: 'pdf', name: '缴费凭证（2026年10月）.pdf', size: 834560, sizeText: '815 KB' }],
        }),
      },
      { name: 'submitted', query: (c) => ({ id: c.ids.submitted }), note: 'just submitted, not yet acknowledged: 下一步 line on top' },
      { name: 'urgent-bob', member: 'demo-member-bob', query: (c) => ({ id: c.ids.bob }), note: '李建国: urgent, large amount' },
      {
        name: 'rated', query: (c) => ({ id: c.ids.resolved }), note: 'after rating 4 stars', showToast: true,
        after: async (page) => { page.instance.onStar({ currentTarget: { dataset: { score: 4 } } }); await page.instance.onRate(); },
      },
      { name: 'not-found', query: { id: 'c-does-not-exist' }, note: 'unknown / someone else’s id' },
      { name: 'error', offline: true, query: (c) => ({ id: c.ids.resolved }), note: 'gateway unreachable' },
    ],
    'packages/complaints/pages/complaint-guide/complaint-guide': [{ name: 'default', note: 'static page' }],
    'pages/messages/messages': [
      { name: 'data', note: '张晓敏: notifications from the seeded complaints' },
      { name: 'empty', member: NOBODY },
      { name: 'error', offline: true, note: 'gateway unreachable: retry and the pull-down hint' },
      // Last: it reads 张晓敏's messages for good, so every state before it still sees them unread.
      { name: 'all-read', note: 'after tapping 全部已读', after: async (page) => { await page.instance.onMarkAllRead(); } },
    ],
  },
};
