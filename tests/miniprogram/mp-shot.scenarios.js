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

/**
 * The renderer draws the page after the in-process gateway has stopped, so an image served by it (an article's
 * cover, through its short-lived link) is fetched now and drawn from a data URL: the same bytes the link serves.
 */
const inline = (url) => new Promise((resolve) => {
  if (!url || !url.startsWith('http')) return resolve(url);
  require('http').get(url, (res) => { const c = []; res.on('data', (d) => c.push(d)); res.on('end', () => resolve(`data:${res.headers['content-type']};base64,${Buffer.concat(c).toString('base64')}`)); }).on('error', () => resolve(url));
});
const inlineArticleImages = async (page) => {
  const d = page.instance.data;
  if (d.items) page.instance.setData({ items: await Promise.all(d.items.map(async (a) => ({ ...a, cover: await inline(a.cover) }))) });
  if (d.article) page.instance.setData({ 'article.cover': await inline(d.article.cover), blocks: await Promise.all(d.blocks.map(async (b) => (b.src ? { ...b, src: await inline(b.src) } : b))) });
};

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
      // Consultations (server/local/demoData.ts): 张晓敏's answered one and the one with the advisor's plan, 李建国's waiting one.
      await P('server/local/demoData').seedDemoConsultations(sys.consultations);
      for (const c of (await sys.consultations.store.listByMember(DEMO_MEMBERS[0].openid, { limit: 10 })).items) ctx.ids[c.plans.length ? 'consultPlan' : 'consultAnswered'] = c.id;
      ctx.ids.consultBob = (await sys.consultations.store.listByMember(DEMO_MEMBERS[1].openid, { limit: 1 })).items[0].id;
      // 会员权益 (server/local/demoData.ts seedDemoBenefits): the catalogue and two weeks of slots; 张晓敏 has taken a
      // health-consulting code, so 我的预约 has a live booking while the check-up stays bookable.
      await P('server/local/demoData').seedDemoBenefits(sys.benefits);
      // 权益宣传 (server/local/demoData.ts seedDemoEducation): two published articles with a cover and an image.
      await P('server/local/demoData').seedDemoEducation(sys.admin.education);
      await P('core/benefits/memberUseCases').bookBenefit(sys.benefits, DEMO_MEMBERS[0].openid, { benefitId: 'health-call', idempotencyKey: 'mp-shot-benefit-000001' });
      // 理赔 (core/claims): 张晓敏's hospital claim waiting for two documents of one art-22 notice, one with an amount
      // offered, one refused with its letter; the handler's steps through the same transitions the admin page uses.
      const claimUc = P('core/claims/memberUseCases');
      const life = P('core/claims/lifecycle');
      const persist = P('core/claims/persist');
      const claimStaff = sys.admin.claims;
      const handler = { id: 'staff-claims-01', name: '钱理赔', role: 'claimsHandler' };
      const incident = new Date(Date.now() - 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      const claimOf = async (key, claimType, insuredIndex, description) => {
        const d = await claimUc.saveDraft(sys.claims, DEMO_MEMBERS[0].openid, { idempotencyKey: `mp-shot-claim-draft-${key}`, policyNo: 'P2026000123', insuredIndex, claimType, incidentDate: incident, place: '上海市第六人民医院', description });
        return (await claimUc.submitClaim(sys.claims, DEMO_MEMBERS[0].openid, { id: d.claim.id, idempotencyKey: `mp-shot-claim-submit-${key}` })).claim.id;
      };
      const step = async (id, make) => { const c = await claimStaff.store.get(id); await persist.saveChange(claimStaff, c, make(persist.contextOf(claimStaff), c)); };
      ctx.ids.claimPending = await claimOf('0001', 'hospital', 0, '急性阑尾炎入院手术，住院五天，已出院');
      await step(ctx.ids.claimPending, (x, c) => life.requestDocuments(x, c, handler, { items: ['invoices', 'discharge'], note: '请上传发票原件和出院小结的清晰照片' }));
      ctx.ids.claimOffered = await claimOf('0002', 'hospital', 1, '孩子肺炎在儿童医院住院治疗三天，已出院');
      await step(ctx.ids.claimOffered, (x, c) => life.recordAssessment(x, c, handler, '住院费用在保障范围内'));
      await step(ctx.ids.claimOffered, (x, c) => life.decidePay(x, c, handler, {
        basis: '条款第三条 住院医疗保险金',
        calculation: { lines: [{ item: '住院医疗费', claimedFen: 98_000, excludedFen: 3_200, exclusionReason: '自费药品，不在保障范围' }, { item: '检查费', claimedFen: 8_050, excludedFen: 0 }], deductibleFen: 10_000, ratioPct: 90 },
      }, false));
      ctx.ids.claimRefused = await claimOf('0003', 'criticalIllness', 0, '体检发现甲状腺结节，医生建议手术');
      await step(ctx.ids.claimRefused, (x, c) => life.recordAssessment(x, c, handler, '不属于合同约定的重大疾病'));
      await step(ctx.ids.claimRefused, (x, c) => life.decideRefuse(x, c, handler, '甲状腺良性结节不属于合同约定的重大疾病范围（条款第五条）'));
      await dispatchOutbox(sys.notify);
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
        name: 'overdue', member: 'demo-member-bob', query: (c) => ({ id: c.ids.bob }), note: '李建国: 受理 clock passed: 已超时, apology, new date',
        after: async (page, ctx) => {
          if (!ctx.backend) return;
          ctx.backend.clock.advance(50 * 3600_000); // past the urgent case's 受理 clock; put back after
          try { await page.instance.refresh(); } finally { ctx.backend.clock.advance(-50 * 3600_000); }
        },
      },
      {
        name: 'resolved-review', query: (c) => ({ id: c.ids.resolved }), note: 'resolved, 申请核查 opened from its link, reason too short',
        after: async (page) => {
          page.instance.onPanel({ currentTarget: { dataset: { panel: 'review' } } });
          page.instance.onReviewReason({ detail: { value: '不满意' } });
          await page.instance.onRequestReview();
        },
      },
      {
        name: 'rated', query: (c) => ({ id: c.ids.resolved }), note: 'after rating 4 stars', showToast: true,
        after: async (page) => { page.instance.onStar({ currentTarget: { dataset: { score: 4 } } }); await page.instance.onRate(); },
      },
      { name: 'not-found', query: { id: 'c-does-not-exist' }, note: 'unknown / someone else’s id' },
      { name: 'error', offline: true, query: (c) => ({ id: c.ids.resolved }), note: 'gateway unreachable' },
    ],
    'packages/complaints/pages/complaint-guide/complaint-guide': [{ name: 'default', note: 'static page' }],
    'packages/consultations/pages/consultations/consultations': [
      { name: 'data', note: '张晓敏: one answered, one with the advisor’s plan' },
      { name: 'empty', member: NOBODY, note: 'a member with no consultations' },
      { name: 'error', offline: true, note: 'gateway unreachable' },
    ],
    'packages/consultations/pages/consultation-ask/consultation-ask': [
      { name: 'blank', note: 'fresh form' },
      { name: 'invalid', note: 'tapped 提交咨询 on a blank form', after: async (page) => page.instance.onSubmit() },
      {
        name: 'filled', note: 'draft restored: topic, question, a photo',
        storage: { consultationDraft: { idempotencyKey: 'mp-shot-consult-1', topicIndex: 2, question: '想给65岁的父亲买一份医疗险，他有高血压，还能投保吗？', policyNo: '', photos: [{ path: samplePng() }] } },
      },
      {
        name: 'submit-failed', offline: true, note: 'filled, tapped submit while offline',
        storage: { consultationDraft: { idempotencyKey: 'mp-shot-consult-2', topicIndex: 0, question: '意外险和医疗险有什么区别？', policyNo: '', photos: [] } },
        after: async (page) => page.instance.onSubmit(),
      },
    ],
    'packages/consultations/pages/consultation-detail/consultation-detail': [
      { name: 'answered', query: (c) => ({ id: c.ids.consultAnswered }), note: 'customer service answered: rating and follow-up' },
      { name: 'plan', query: (c) => ({ id: c.ids.consultPlan }), note: 'handed to the advisor: plan, enrollment recorded, timeline' },
      { name: 'waiting', member: 'demo-member-bob', query: (c) => ({ id: c.ids.consultBob }), note: '李建国 (visitor): waiting for the first reply, due time' },
      {
        name: 'rated', query: (c) => ({ id: c.ids.consultAnswered }), note: 'after rating 5 stars',
        after: async (page) => { page.instance.onStar({ currentTarget: { dataset: { score: 5 } } }); await page.instance.onRate(); },
      },
      { name: 'not-found', query: { id: 'c-does-not-exist' }, note: 'unknown / someone else’s id' },
      { name: 'error', offline: true, query: (c) => ({ id: c.ids.consultAnswered }), note: 'gateway unreachable' },
    ],
    'packages/claims/pages/claims/claims': [
      { name: 'data', note: '张晓敏: one waiting for documents, one offered, one refused' },
      { name: 'empty', member: 'demo-member-bob', note: '李建国: no claims' },
      { name: 'error', offline: true, note: 'gateway unreachable' },
    ],
    'packages/claims/pages/claim-report/claim-report': [
      { name: 'blank', note: '张晓敏: her policy in force, empty form' },
      { name: 'invalid', note: 'tapped 提交报案 on a blank form', after: async (page) => page.instance.onSubmit() },
      {
        name: 'filled', note: 'policy, insured child, hospital type with its checklist, date, place, description',
        after: async (page) => {
          page.instance.onPolicy({ detail: { value: 0 } });
          page.instance.onInsured({ detail: { value: 1 } });
          page.instance.onType({ detail: { value: 0 } });
          page.instance.onDate({ detail: { value: page.data.today } });
          page.instance.onPlace({ detail: { value: '上海市儿童医院' } });
          page.instance.onDescription({ detail: { value: '孩子肺炎住院五天，已出院' } });
          page.instance.onAmount({ detail: { value: '8600' } });
        },
      },
      { name: 'visitor', member: 'demo-member-bob', note: '李建国: not bound, bind prompt' },
    ],
    'packages/claims/pages/claim-detail/claim-detail': [
      { name: 'documents', query: (c) => ({ id: c.ids.claimPending }), note: 'one art-22 notice: two items needed, clock paused, art-25 deadline' },
      { name: 'offered', query: (c) => ({ id: c.ids.claimOffered }), note: 'amount offered: accept button, decision deadline met' },
      {
        name: 'accepted', query: (c) => ({ id: c.ids.claimOffered }), note: 'after 确认赔付金额: the 10-day payment deadline',
        after: async (page) => page.instance.onAccept(),
      },
      { name: 'refused', query: (c) => ({ id: c.ids.claimRefused }), note: 'refusal letter with reasons and remedies' },
      { name: 'not-found', query: { id: 'c-does-not-exist' }, note: 'unknown / someone else’s id' },
      { name: 'error', offline: true, query: (c) => ({ id: c.ids.claimPending }), note: 'gateway unreachable' },
    ],
    'packages/education/pages/articles/articles': [
      { name: 'list', note: '权益宣传: the demo articles, newest first, with covers', after: inlineArticleImages },
      { name: 'visitor', member: 'demo-member-bob', note: '李建国 (not bound) reads too', after: inlineArticleImages },
      { name: 'error', offline: true, note: 'gateway unreachable: retry' },
    ],
    'packages/education/pages/article/article': [
      { name: 'article', query: () => ({ id: 'art-demo-eight-rights' }), note: 'cover, title, date, paragraphs and an image (the read is recorded)', after: inlineArticleImages },
      { name: 'missing', query: () => ({ id: 'art-missing-0001' }), note: 'unknown or withdrawn article' },
    ],
    'packages/claims/pages/claim-paper/claim-paper': [
      { name: 'receipt', query: (c) => ({ id: c.ids.claimPending, kind: 'receipt' }), note: '电子回单: what was reported and the documents listed at the report' },
      { name: 'letter', query: (c) => ({ id: c.ids.claimOffered, kind: 'letter' }), note: '理赔核定书: the handler’s calculation line by line, remedies' },
      { name: 'refusal', query: (c) => ({ id: c.ids.claimRefused, kind: 'letter' }), note: '拒赔通知书: reasons and remedies' },
      { name: 'not-yet', query: (c) => ({ id: c.ids.claimPending, kind: 'letter' }), note: 'no result yet: the letter does not exist' },
    ],
    'packages/benefits/pages/benefits/benefits': [
      { name: 'member', note: '张晓敏: 普通会员 tier card with the next tier, benefits with what is left, one not for her tier' },
      { name: 'visitor', member: 'demo-member-bob', note: '李建国: not bound, bind prompt' },
      { name: 'error', offline: true, note: 'gateway unreachable: retry' },
    ],
    'packages/benefits/pages/benefit-detail/benefit-detail': [
      { name: 'slots', query: { id: 'checkup' }, note: 'check-up: terms, basis, slot picker with a nearly full day, partner consent' },
      {
        name: 'picked', query: { id: 'checkup' }, note: 'a slot picked, consent not ticked yet: the refusal under the button',
        after: async (page) => {
          const open = page.data.days[page.data.dayIndex].slots.find((s) => s.open);
          page.instance.onSlot({ currentTarget: { dataset: { id: open.id, open: true } } });
          page.instance.onBook();
        },
      },
      { name: 'code-benefit', query: { id: 'health-call' }, note: 'a benefit used with a code: no slot picker' },
      { name: 'not-eligible', query: { id: 'legal-tax' }, note: 'gold members only' },
      {
        name: 'booked', query: { id: 'checkup' }, note: 'after booking: the confirmation',
        after: async (page) => {
          const open = page.data.days[page.data.dayIndex].slots.find((s) => s.open);
          page.instance.onSlot({ currentTarget: { dataset: { id: open.id, open: true } } });
          page.instance.onConsent();
          await page.instance.onBook();
        },
      },
      { name: 'error', offline: true, query: { id: 'checkup' }, note: 'gateway unreachable' },
    ],
    'packages/benefits/pages/my-bookings/my-bookings': [
      { name: 'list', note: 'her bookings: the code benefit and the check-up booked above' },
      {
        name: 'code', note: 'the single-use code with its QR, drawn on the server',
        after: async (page) => { await page.instance.onShowCode({ currentTarget: { dataset: { id: page.data.items.find((b) => b.canShowCode).id } } }); },
      },
      { name: 'visitor', member: 'demo-member-bob', note: 'not bound: bind prompt' },
    ],
    'pages/messages/messages': [
      { name: 'data', note: '张晓敏: notifications from the seeded complaints' },
      { name: 'empty', member: NOBODY },
      { name: 'error', offline: true, note: 'gateway unreachable: retry and the pull-down hint' },
      // Last: it reads 张晓敏's messages for good, so every state before it still sees them unread.
      { name: 'all-read', note: 'after tapping 全部已读', after: async (page) => { await page.instance.onMarkAllRead(); } },
    ],
  },
};
