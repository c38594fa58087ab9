import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Progress, Tag } from 'tdesign-react';
import type { RegisterImportJobList, RegisterImportJobView } from '../../typings/staffMembers';
import { AdminApiError, api, messageOf } from './api';

const COLUMN_LABELS: Record<string, string> = {
  file: '文件',
  header: '表头',
  row: '整行',
  policyNo: '保单号',
  productCode: '产品代码',
  productName: '产品名称',
  holderName: '投保人姓名',
  holderIdNumber: '投保人身份证号',
  holderPhone: '投保人手机号',
  insured: '被保险人',
  coverages: '保障',
  effectiveDate: '生效日期',
  expiryDate: '满期日期',
  premiumYuan: '保费',
  salesChannel: '销售渠道',
  sellerId: '销售人员',
  status: '状态',
};

const CHUNK_BYTES = 64 * 1024;
const MAX_BYTES = 20 * 1024 * 1024;
const POLL_MS = 3000;
const THEMES: Record<RegisterImportJobView['status'], 'primary' | 'warning' | 'success' | 'danger' | 'default'> = {
  uploading: 'primary',
  validated: 'warning',
  applying: 'primary',
  done: 'success',
  failed: 'danger',
  abandoned: 'default',
};

const encoder = new TextEncoder();
/** Pieces of at most 64 KB (UTF-8), never cut inside a character. */
const chunksOf = (text: string): string[] => {
  const out: string[] = [];
  let cur = '';
  let size = 0;
  for (const ch of text) {
    const b = encoder.encode(ch).length;
    if (size + b > CHUNK_BYTES) {
      out.push(cur);
      cur = '';
      size = 0;
    }
    cur += ch;
    size += b;
  }
  if (cur) out.push(cur);
  return out;
};
const sha256Of = async (text: string): Promise<string | undefined> => {
  if (!globalThis.crypto?.subtle) return undefined; // not a secure context: the server still hashes what it received
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
};
const kb = (n: number) => (n < 1024 ? `${n} 字节` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

type Failure = { message: string; issues: { path: string; message: string }[] };

/**
 * 保单导入: the core system's register export. The file is read here, uploaded in pieces of at most
 * 64 KB to an import job, and checked whole on the server; every rejected row is listed. Nothing is
 * written until 确认导入 (or, explicitly, 仅导入正确的行); the deadline timer then applies the job in
 * slices and the batch appears in the register all at once. Reloading the page lists the jobs, so
 * watching one can resume. The same checks as `npm run import -- policies`.
 */
export const RegisterImportPanel = () => {
  const [full, setFull] = useState(false);
  const [jobs, setJobs] = useState<RegisterImportJobView[]>([]);
  const [job, setJob] = useState<RegisterImportJobView>();
  const [upload, setUpload] = useState<{ name: string; sent: number; total: number }>();
  const [error, setError] = useState<Failure>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const fail = (e: unknown) => setError({ message: messageOf(e), issues: e instanceof AdminApiError ? (e.error.issues ?? []) : [] });
  const refreshList = useCallback(() => api<RegisterImportJobList>('members/importJobs').then((l) => setJobs(l.items), fail), []);
  const open = useCallback((jobId: string) => api<RegisterImportJobView>('members/importJob', { jobId }).then(setJob, fail), []);

  useEffect(() => {
    void refreshList();
  }, [refreshList]);
  // While a job is being applied by the timer, look again every few seconds.
  useEffect(() => {
    if (job?.status !== 'applying') return;
    const t = setTimeout(() => void open(job.jobId).then(refreshList), POLL_MS);
    return () => clearTimeout(t);
  }, [job, open, refreshList]);

  const start = async (f?: File) => {
    if (input.current) input.current.value = '';
    if (!f) return;
    setError(undefined);
    setJob(undefined);
    setBusy(true);
    try {
      const text = await f.text();
      const size = encoder.encode(text).length;
      if (size > MAX_BYTES) throw new AdminApiError({ code: 'POLICY_IMPORT.TOO_LARGE', message: '文件超过 20MB，请按机构或产品拆分后分批导入' }, 400);
      const parts = chunksOf(text);
      setUpload({ name: f.name, sent: 0, total: parts.length });
      const created = await api<RegisterImportJobView>('members/importCreate', { fileName: f.name.slice(0, 120), size, sha256: await sha256Of(text), full });
      for (const [index, part] of parts.entries()) {
        await api('members/importChunk', { jobId: created.jobId, index, total: parts.length, text: part });
        setUpload({ name: f.name, sent: index + 1, total: parts.length });
      }
      setJob(await api<RegisterImportJobView>('members/importValidate', { jobId: created.jobId }));
      setUpload(undefined);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      void refreshList();
    }
  };
  const act = async (route: 'members/importConfirm' | 'members/importAbandon', body: object) => {
    if (!job) return;
    setBusy(true);
    setError(undefined);
    try {
      setJob(await api<RegisterImportJobView>(route, { jobId: job.jobId, ...body }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      void refreshList();
    }
  };

  const report = job?.report;
  return (
    <div className="register-import">
      <div className="panel">
        <h3>导入保单登记簿</h3>
        <p className="muted">
          文件为核心系统导出的 CSV（UTF-8），每张保单一行，单个文件不超过 20MB。文件在浏览器中读取后分片上传（每片不超过 64KB），服务器校验整个文件并列出所有错误行；确认后由后台分批写入，全部写完才一次性生效，并记入审计日志。已绑定的保单重新导入后仍保持绑定。首行为表头：
          <code className="csv-header">policyNo,productCode,productName,holderName,holderIdNumber,holderPhone,insured,coverages,effectiveDate,expiryDate,premiumYuan,salesChannel,sellerId,status</code>
        </p>
        <Checkbox checked={full} onChange={(v) => setFull(Boolean(v))} disabled={busy} className="import-full">
          全量导入：文件中未列出的有效保单将标记为“失效”（不会删除）
        </Checkbox>
        <div className="filters" style={{ marginTop: 10 }}>
          <label className={`t-button t-button--variant-base t-button--theme-primary import-file${busy ? ' t-is-disabled' : ''}`}>
            选择 CSV 文件并上传校验
            <input ref={input} type="file" accept=".csv,text/csv,text/plain" hidden disabled={busy} onChange={(e) => void start(e.target.files?.[0])} />
          </label>
        </div>
        {upload && (
          <div className="import-upload">
            <div className="muted">
              正在上传 {upload.name}：第 {upload.sent} / {upload.total} 片{upload.sent === upload.total ? '，正在校验整个文件…' : ''}
            </div>
            <Progress percentage={Math.round((100 * upload.sent) / upload.total)} />
          </div>
        )}
        {error && (
          <Alert
            theme="error"
            className="import-error"
            style={{ marginTop: 12 }}
            message={
              <div>
                {error.message}
                {error.issues.slice(0, 20).map((i) => (
                  <div key={i.path + i.message}>
                    · {i.path}：{i.message}
                  </div>
                ))}
              </div>
            }
          />
        )}
      </div>

      {job && (
        <div className="panel import-job">
          <h3>
            {job.fileName}（{job.sizeText}）<Tag theme={THEMES[job.status]} variant="light">{job.statusLabel}</Tag>
          </h3>
          <div className="muted">
            任务 {job.jobId} · {job.createdByName} 创建于 {job.createdAtText} · {job.full ? '全量导入' : '增量导入'}
            {job.batchId ? ` · 批次 ${job.batchId}` : ''}
          </div>
          {job.status === 'uploading' && <Alert theme="warning" style={{ marginTop: 12 }} message={`文件尚未上传完整（已收到 ${job.upload.received} / ${job.upload.total} 片，${kb(job.upload.receivedBytes)}）。请重新选择该文件上传。`} />}
          {report && job.status === 'validated' && (
            <Alert
              theme={report.issueCount ? 'warning' : 'info'}
              className="import-summary"
              style={{ marginTop: 12 }}
              message={
                report.fileError
                  ? '文件无法导入（格式或表头不正确），尚未写入任何数据。'
                  : report.issueCount
                    ? `共 ${report.rows} 行：正确 ${report.valid} 行，有错误 ${report.rejectedRows} 行（见下表）。尚未写入任何数据。`
                    : `校验通过：共 ${report.rows} 行，全部正确。尚未写入任何数据，请核对后点击“确认导入”。`
              }
            />
          )}
          {report && report.issues.length > 0 && (
            <div className="import-issues">
              {report.issues.map((i, n) => (
                <div className="import-issue" key={n}>
                  <span className="import-issue-where">
                    {i.line > 1 ? `第 ${i.line} 行` : '文件'}
                    {i.policyNo ? ` · ${i.policyNo}` : ''} · {COLUMN_LABELS[i.field] ?? i.field}
                  </span>
                  <span>{i.message}</span>
                </div>
              ))}
              {report.issueCount > report.issues.length && <div className="muted">另有 {report.issueCount - report.issues.length} 处错误未列出，请修改文件后重新上传。</div>}
            </div>
          )}
          {job.status === 'validated' && job.mine && report && !report.fileError && (
            <div className="import-decide">
              {report.issueCount > 0 && (
                <div className="muted" style={{ marginTop: 10 }}>
                  {job.full
                    ? '全量导入时不能跳过错误行（否则错误行上的保单会被误标为失效），请修改文件后重新上传。'
                    : `可以修改文件后重新上传；或明确选择“仅导入正确的行”，导入 ${report.valid} 行并跳过 ${report.rejectedRows} 行错误。`}
                </div>
              )}
              <div className="actions">
                <Button theme="primary" onClick={() => void act('members/importConfirm', { version: job.version, validRowsOnly: false })} disabled={busy || report.issueCount > 0} className="import-confirm">
                  确认导入
                </Button>
                {report.issueCount > 0 && (
                  <Button
                    theme="warning"
                    variant="outline"
                    onClick={() => void act('members/importConfirm', { version: job.version, validRowsOnly: true })}
                    disabled={busy || job.full || report.valid === 0}
                    className="import-valid-only"
                  >
                    仅导入正确的 {report.valid} 行
                  </Button>
                )}
                <Button variant="text" onClick={() => void act('members/importAbandon', {})} disabled={busy} className="import-abandon">
                  放弃
                </Button>
              </div>
            </div>
          )}
          {job.progress && (
            <div className="import-progress" style={{ marginTop: 12 }}>
              <div className="muted">
                {job.status === 'done' ? '已完成' : `后台导入中：${job.progress.phaseLabel}（已写入暂存 ${job.progress.staged} / ${job.progress.total} 行，完成前登记簿不会变化）`}
              </div>
              <Progress percentage={job.progress.percent} theme="line" status={job.status === 'done' ? 'success' : 'active'} />
            </div>
          )}
          {job.status === 'done' && job.counts && (
            <Alert
              theme="success"
              className="import-done"
              style={{ marginTop: 12 }}
              message={`已导入批次 ${job.batchId}：新增 ${job.counts.inserted} 张，更新 ${job.counts.updated} 张，标记失效 ${job.counts.lapsed} 张${job.validRowsOnly && report?.rejectedRows ? `，跳过错误行 ${report.rejectedRows} 行` : ''}。`}
            />
          )}
          {job.note && job.status !== 'done' && <Alert theme={job.status === 'applying' ? 'info' : 'warning'} style={{ marginTop: 12 }} message={job.note} />}
        </div>
      )}

      <div className="panel import-jobs">
        <h3>最近的导入任务</h3>
        {jobs.length === 0 && <div className="muted">暂无导入任务</div>}
        {jobs.map((j) => (
          <div className={`import-job-row${job?.jobId === j.jobId ? ' is-current' : ''}`} key={j.jobId}>
            <span className="import-job-name">
              {j.fileName}
              <span className="muted">（{j.sizeText}）</span>
            </span>
            <Tag theme={THEMES[j.status]} variant="light">
              {j.statusLabel}
              {j.status === 'applying' && j.progress ? ` ${j.progress.percent}%` : ''}
            </Tag>
            <span className="muted">
              {j.createdByName} · {j.createdAtText}
              {j.report ? ` · ${j.report.rows} 行，错误 ${j.report.rejectedRows} 行` : ''}
              {j.counts ? ` · 新增 ${j.counts.inserted}，更新 ${j.counts.updated}，失效 ${j.counts.lapsed}` : ''}
            </span>
            <Button size="small" variant="text" theme="primary" onClick={() => void open(j.jobId)} className="import-job-open">
              查看
            </Button>
          </div>
        ))}
      </div>
    </div>
  );
};
