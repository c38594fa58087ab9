import { useState } from 'react';
import { Alert, Button, Checkbox, Radio } from 'tdesign-react';
import type { RegisterImportReport } from '../../typings/staffMembers';
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

type Choice = 'all' | 'validOnly';

/**
 * 保单导入: the core system's register export. 校验预览 checks every row and lists what would be
 * rejected; nothing is written until 确认导入, and a file with bad rows is imported only if the
 * operator explicitly chooses to skip them. The same use case as `npm run import -- policies`.
 */
export const RegisterImportPanel = () => {
  const [file, setFile] = useState<{ name: string; size: number; csv: string }>();
  const [full, setFull] = useState(false);
  const [preview, setPreview] = useState<RegisterImportReport>();
  const [choice, setChoice] = useState<Choice>();
  const [error, setError] = useState<{ message: string; issues: { path: string; message: string }[] }>();
  const [done, setDone] = useState<RegisterImportReport>();
  const [busy, setBusy] = useState(false);

  const reset = () => (setPreview(undefined), setChoice(undefined), setError(undefined), setDone(undefined));
  const readFile = async (f?: File) => {
    reset();
    if (f) setFile({ name: f.name, size: f.size, csv: await f.text() });
  };
  const fail = (e: unknown) => setError({ message: messageOf(e), issues: e instanceof AdminApiError ? e.error.issues ?? [] : [] });

  const check = async () => {
    if (!file) return;
    reset();
    setBusy(true);
    try {
      const out = await api<RegisterImportReport>('members/previewImport', { csv: file.csv, full });
      setPreview(out);
      setChoice(out.issues.length ? undefined : 'all');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const confirm = async () => {
    if (!file || !preview || !choice) return;
    setBusy(true);
    try {
      setDone(await api<RegisterImportReport>('members/import', { csv: file.csv, full, validRowsOnly: choice === 'validOnly' }));
      setPreview(undefined);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const rejectedRows = preview ? new Set(preview.issues.map((i) => i.line)).size : 0;
  return (
    <div className="panel register-import">
      <h3>导入保单登记簿</h3>
      <p className="muted">
        文件为核心系统导出的 CSV（UTF-8），每张保单一行，单个文件不超过 1MB。每一行都会被校验，导入在一个事务中完成，并记入审计日志；已绑定的保单重新导入后仍保持绑定。首行为表头：
        <code className="csv-header">policyNo,productCode,productName,holderName,holderIdNumber,holderPhone,insured,coverages,effectiveDate,expiryDate,premiumYuan,salesChannel,sellerId,status</code>
      </p>
      <div className="filters">
        <label className="t-button t-button--variant-outline t-button--theme-default import-file">
          选择 CSV 文件
          <input type="file" accept=".csv,text/csv,text/plain" hidden onChange={(e) => readFile(e.target.files?.[0])} />
        </label>
        {file && (
          <span className="import-file-name">
            {file.name}（{file.size < 1024 ? `${file.size} 字节` : `${(file.size / 1024).toFixed(1)} KB`}）
          </span>
        )}
      </div>
      <Checkbox checked={full} onChange={(v) => (setFull(Boolean(v)), reset())} className="import-full">
        全量导入：文件中未列出的有效保单将标记为“失效”（不会删除）
      </Checkbox>
      <div className="actions">
        <Button variant="outline" onClick={check} disabled={!file} loading={busy && !preview} className="import-check">
          校验预览
        </Button>
      </div>

      {error && (
        <Alert
          theme="error"
          className="import-error"
          style={{ marginTop: 12 }}
          message={
            <div>
              {error.message}
              {error.issues.map((i) => (
                <div key={i.path + i.message}>
                  · {i.path}：{i.message}
                </div>
              ))}
            </div>
          }
        />
      )}
      {done && (
        <Alert
          theme="success"
          className="import-done"
          style={{ marginTop: 12 }}
          message={`已导入批次 ${done.batchId}：新增 ${done.inserted} 张，更新 ${done.updated} 张，标记失效 ${done.lapsed} 张${done.issues.length ? `，跳过错误行 ${new Set(done.issues.map((i) => i.line)).size} 行` : ''}。`}
        />
      )}
      {preview && (
        <div style={{ marginTop: 12 }} className="import-preview">
          <Alert
            theme={preview.issues.length ? 'warning' : 'info'}
            message={
              preview.issues.length
                ? `共 ${preview.rows} 行：正确 ${preview.valid} 行，有错误 ${rejectedRows} 行（见下表）。尚未写入任何数据。`
                : `校验通过：共 ${preview.rows} 行，全部正确。尚未写入任何数据，请核对后点击“确认导入”。`
            }
          />
          {preview.issues.length > 0 && (
            <>
              <div className="import-issues">
                {preview.issues.map((i, n) => (
                  <div className="import-issue" key={n}>
                    <span className="import-issue-where">
                      第 {i.line} 行{i.policyNo ? ` · ${i.policyNo}` : ''} · {COLUMN_LABELS[i.field] ?? i.field}
                    </span>
                    <span>{i.message}</span>
                  </div>
                ))}
              </div>
              <div style={{ marginTop: 12 }}>
                <div style={{ marginBottom: 6 }}>请选择如何处理：</div>
                <Radio.Group value={choice} onChange={(v) => setChoice(v as Choice)} className="import-choice">
                  <Radio value="validOnly" disabled={full || preview.valid === 0}>
                    只导入正确的 {preview.valid} 行，跳过 {rejectedRows} 行错误
                  </Radio>
                </Radio.Group>
                <div className="muted" style={{ marginTop: 6 }}>
                  {full ? '全量导入时不能跳过错误行（否则错误行上的保单会被误标为失效），请修改文件后重新校验。' : '或者修改文件后重新选择并校验，全部正确后整体导入。'}
                </div>
              </div>
            </>
          )}
          <div className="actions">
            <Button theme="primary" onClick={confirm} disabled={!choice || busy} className="import-confirm">
              确认导入
            </Button>
          </div>
        </div>
      )}
    </div>
  );
};
