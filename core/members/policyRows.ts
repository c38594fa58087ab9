import { parseCsv } from '../shared/csv';
import { isValidIdNumber, isValidPhone } from './identityNumbers';
import { POLICY_STATUSES, RELATIONS, type Policy, type Relation } from './model';

/** The register export from the core system, one policy a row. Lists inside a cell are `;`-separated, parts `|`-separated. */
export const POLICY_COLUMNS = [
  'policyNo',
  'productCode',
  'productName',
  'holderName',
  'holderIdNumber',
  'holderPhone',
  'insured',
  'coverages',
  'effectiveDate',
  'expiryDate',
  'premiumYuan',
  'salesChannel',
  'sellerId',
  'status',
] as const;

/** A register row as read: the policy's terms as the model keeps them, its people still in clear (sealed on import). */
export type PolicyRow = Omit<Policy, 'holder' | 'insured' | 'batchId' | 'boundTo' | 'updatedAt'> & {
  line: number;
  holder: { name: string; idNumber: string; phone: string };
  insured: { name: string; relation: Relation; idNumber: string }[];
};

export interface RowIssue {
  line: number;
  policyNo?: string;
  field: string;
  message: string;
}

const byLabel = <K extends string>(table: Record<K, string>, value: string): K | undefined =>
  (Object.keys(table) as K[]).find((k) => k === value || table[k] === value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
/** Yuan with at most two decimals, to integer 分 without floating-point drift. */
const toFen = (s: string): number | undefined => {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
};
// A plain check rather than a zod schema: the timer bundle (slaMonitor) reads files too and stays small.
const TEXT_CHARS = /^[^\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]*$/;
const TEXT = { safeParse: (s: string) => ({ success: s.length >= 1 && s.length <= 60 && TEXT_CHARS.test(s) }) };
const CODE = /^[A-Za-z0-9-]{1,32}$/;

/**
 * Every row checked, every problem reported with its line and field; the rows that pass are returned
 * beside the issues so the operator can choose to import only those, explicitly.
 */
export const readPolicyRows = (csv: string): { rows: PolicyRow[]; issues: RowIssue[] } => {
  let records: string[][];
  try {
    // csv-parse's reading with skip_empty_lines, trim and relax_column_count, in 2 KB (core/shared/csv.ts).
    records = parseCsv(csv.replace(/^\ufeff/, ''));
  } catch (e) {
    return { rows: [], issues: [{ line: 0, field: 'file', message: `文件不是有效的 CSV：${(e as Error).message.slice(0, 80)}` }] };
  }
  const [header, ...body] = records;
  if (!header || header.join(',') !== POLICY_COLUMNS.join(','))
    return { rows: [], issues: [{ line: 1, field: 'header', message: `首行应为表头：${POLICY_COLUMNS.join(',')}` }] };
  const rows: PolicyRow[] = [];
  const issues: RowIssue[] = [];
  const seen = new Set<string>();
  body.forEach((cells, i) => {
    const line = i + 2;
    const problems: RowIssue[] = [];
    const bad = (field: string, message: string) => problems.push({ line, policyNo: cells[0], field, message });
    if (cells.length !== POLICY_COLUMNS.length) {
      issues.push({ line, policyNo: cells[0], field: 'row', message: `应有${POLICY_COLUMNS.length}列，实际${cells.length}列` });
      return;
    }
    const c = Object.fromEntries(POLICY_COLUMNS.map((k, j) => [k, cells[j]])) as Record<(typeof POLICY_COLUMNS)[number], string>;
    if (!CODE.test(c.policyNo)) bad('policyNo', '保单号须为1到32位字母、数字或连字符');
    else if (seen.has(c.policyNo)) bad('policyNo', '保单号在文件中重复');
    seen.add(c.policyNo);
    if (!CODE.test(c.productCode)) bad('productCode', '产品代码格式不正确');
    for (const f of ['productName', 'holderName', 'salesChannel', 'sellerId'] as const) if (!TEXT.safeParse(c[f]).success) bad(f, '须为1到60个字，且不含控制字符');
    const holderId = c.holderIdNumber.toUpperCase();
    if (!isValidIdNumber(holderId)) bad('holderIdNumber', '投保人身份证号不正确（18位，校验位不符）');
    if (!isValidPhone(c.holderPhone)) bad('holderPhone', '投保人手机号须为11位中国大陆手机号');
    const insured = c.insured.split(';').filter(Boolean).map((part) => {
      const [name = '', rel = '', id = ''] = part.split('|').map((x) => x.trim());
      const relation = byLabel(RELATIONS, rel);
      if (!TEXT.safeParse(name).success || !relation || !isValidIdNumber(id.toUpperCase())) bad('insured', `被保险人「${name || '?'}」应写作 姓名|关系|身份证号，关系为本人/配偶/子女/父母/其他`);
      return { name, relation: relation ?? 'other', idNumber: id.toUpperCase() };
    });
    if (!insured.length) bad('insured', '至少一位被保险人');
    const coverages = c.coverages.split(';').filter(Boolean).map((part) => {
      const [name = '', amount = ''] = part.split('|').map((x) => x.trim());
      const fen = toFen(amount);
      if (!TEXT.safeParse(name).success || fen === undefined) bad('coverages', `保障「${name || '?'}」应写作 名称|保额（元，最多两位小数）`);
      return { name, sumInsuredFen: fen ?? 0 };
    });
    if (!coverages.length) bad('coverages', '至少一项保障');
    if (!realDate(c.effectiveDate)) bad('effectiveDate', '生效日期须为有效日期 YYYY-MM-DD');
    if (!realDate(c.expiryDate)) bad('expiryDate', '满期日期须为有效日期 YYYY-MM-DD');
    else if (realDate(c.effectiveDate) && c.expiryDate <= c.effectiveDate) bad('expiryDate', '满期日期须晚于生效日期');
    const premiumFen = toFen(c.premiumYuan);
    if (premiumFen === undefined) bad('premiumYuan', '保费须为金额（元，最多两位小数）');
    const status = byLabel(POLICY_STATUSES, c.status);
    if (!status) bad('status', '状态须为 有效/失效/已退保/已满期');
    if (problems.length) return void issues.push(...problems);
    rows.push({
      line,
      policyNo: c.policyNo,
      productCode: c.productCode,
      productName: c.productName,
      holder: { name: c.holderName, idNumber: holderId, phone: c.holderPhone },
      insured,
      coverages,
      effectiveDate: c.effectiveDate,
      expiryDate: c.expiryDate,
      premiumFen: premiumFen!,
      salesChannel: c.salesChannel,
      sellerId: c.sellerId,
      status: status!,
    });
  });
  return { rows, issues };
};
