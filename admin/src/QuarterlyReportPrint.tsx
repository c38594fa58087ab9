import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import { Button } from 'tdesign-react';
import { countText, durationText, pctText, shanghaiText } from '../../core/reports/format';
import { correctionLabel, correctionValueText, type QuarterReport } from '../../core/reports/report';

const meets = (m: boolean | null) => (m === null ? '—' : m ? '达标' : '未达标');

/**
 * The print-ready 季度报告 (A4): the browser's own Chinese fonts (no font files), a header on every
 * page (a table's thead repeats in print) with the quarter and 生成时间, page breaks between sections,
 * and the frozen / corrected marks. The browser saves it as PDF (打印 → 另存为 PDF).
 */
export const QuarterlyReportPrint = ({ report: r, onClose }: { report: QuarterReport; onClose: () => void }) => {
  useEffect(() => {
    document.body.classList.add('qr-printing');
    return () => document.body.classList.remove('qr-printing');
  }, []);
  const labels = Object.fromEntries(r.categories.map((c) => [`cat.${c.code}`, c.label]));
  return createPortal(
    <div className="qr-print">
      <div className="qr-print-tools">
        <Button onClick={() => window.print()}>打印 / 另存为 PDF</Button>
        <Button variant="outline" onClick={onClose}>
          返回
        </Button>
      </div>
      <table className="qr-print-page">
        <thead>
          <tr>
            <td>
              <div className="qr-print-header">
                <span>会员服务 · {r.label}客户权益保护季度报告</span>
                <span>生成时间 {shanghaiText(r.generatedAt)}</span>
              </div>
            </td>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <h1 className="qr-print-title">{r.label}客户权益保护季度报告</h1>
              <p className="qr-print-meta">
                <span className="qr-frozen-mark">已冻结</span> 数据于 {shanghaiText(r.snapshot.frozenAt)} 冻结（{r.snapshot.trigger === 'timer' ? '季度结算后自动冻结' : '首次出具报告时冻结'}），
                校验值 {r.snapshot.hash.slice(0, 16)}…；对比：上季度 {r.previousQuarter}，上年同季度 {r.lastYearQuarter}。
                {r.corrections.length ? <span className="qr-corrected-mark">含 {r.corrections.length} 项更正</span> : null}
              </p>
              <section className="qr-print-section">
                <h2>一、指标汇总</h2>
                <table className="qr-print-table">
                  <thead>
                    <tr>
                      <th>指标</th>
                      <th>本季度</th>
                      <th>上季度</th>
                      <th>上年同季度</th>
                      <th>同比变化</th>
                      <th>年度目标</th>
                      <th>达标</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.metrics.map((m) => (
                      <tr key={m.key}>
                        <td>{m.label}</td>
                        <td>
                          <strong>{m.text}</strong>
                          {m.corrected ? <div className="qr-corrected-mark">更正为 {m.corrected.text}</div> : null}
                          {m.detail ? <div className="qr-print-detail">{m.detail}</div> : null}
                        </td>
                        <td>{m.previous.text}</td>
                        <td>{m.lastYear.text}</td>
                        <td>{m.changeText}</td>
                        <td>
                          {m.target ? (
                            <>
                              {m.target.wording}
                              <div className="qr-print-detail">
                                {m.target.text}
                              </div>
                            </>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td>{meets(m.meets)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="qr-print-section">
                <h2>二、投诉分类</h2>
                <table className="qr-print-table">
                  <thead>
                    <tr>
                      <th>投诉类别</th>
                      <th>受理数</th>
                      <th>办结数</th>
                      <th>占比</th>
                      <th>上季度办结</th>
                      <th>上年同季度办结</th>
                      <th>时长中位数</th>
                      <th>满意度</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.categories.map((c) => (
                      <tr key={c.code}>
                        <td>{c.label}</td>
                        <td>{r.connected.received ? countText(c.received) : '未接入'}</td>
                        <td>{countText(c.resolved)}</td>
                        <td>{pctText(c.share)}</td>
                        <td>{countText(c.previousResolved)}</td>
                        <td>{countText(c.lastYearResolved)}</td>
                        <td>{durationText(c.medianResolveMinutes)}</td>
                        <td>{pctText(c.satisfactionRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <section className="qr-print-section qr-print-break">
                <h2>三、时效与满意度</h2>
                <table className="qr-print-table">
                  <tbody>
                    <tr>
                      <th>处理时长中位数</th>
                      <td>{durationText(r.timing.medianMinutes)}</td>
                      <th>P90</th>
                      <td>{durationText(r.timing.p90Minutes)}</td>
                    </tr>
                    <tr>
                      <th>上季度中位数</th>
                      <td>{durationText(r.timing.previousMedian)}</td>
                      <th>上年同季度中位数</th>
                      <td>{durationText(r.timing.lastYearMedian)}</td>
                    </tr>
                    <tr>
                      <th>满意度指数</th>
                      <td>{pctText(r.satisfaction.rate)}</td>
                      <th>评价率</th>
                      <td>
                        {pctText(r.satisfaction.responseRate)}（{countText(r.satisfaction.rated)}/{countText(r.satisfaction.resolved)}）
                      </td>
                    </tr>
                  </tbody>
                </table>
              </section>
              {r.connected.incidents && r.incidentKinds.some((k) => k.count) ? (
                <section className="qr-print-section">
                  <h2>信息安全事件（按类别）</h2>
                  <table className="qr-print-table">
                    <tbody>
                      {r.incidentKinds
                        .filter((k) => k.count)
                        .map((k) => (
                          <tr key={k.key}>
                            <th>{k.label}</th>
                            <td>{countText(k.count)}</td>
                          </tr>
                        ))}
                    </tbody>
                  </table>
                </section>
              ) : null}
              <section className="qr-print-section">
                <h2>四、更正记录</h2>
                {r.corrections.length ? (
                  <table className="qr-print-table">
                    <thead>
                      <tr>
                        <th>指标</th>
                        <th>冻结值</th>
                        <th>更正值</th>
                        <th>发现日期</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.corrections.map((c) => (
                        <tr key={c.id}>
                          <td>{correctionLabel(c.metric, labels)}</td>
                          <td>{correctionValueText(c.metric, c.frozen)}</td>
                          <td className="qr-corrected-mark">{correctionValueText(c.metric, c.corrected)}</td>
                          <td>{shanghaiText(c.at).slice(0, 10)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p>冻结后数据源无变化，无更正。</p>
                )}
              </section>
              <section className="qr-print-section">
                <h2>五、管理层评述</h2>
                {r.commentary ? (
                  <>
                    <p className="qr-print-comment">{r.commentary.text}</p>
                    <p className="qr-print-detail">
                      第 {r.commentary.version} 版 · {r.commentary.updatedBy.name} · {shanghaiText(r.commentary.updatedAt)}
                    </p>
                  </>
                ) : (
                  <p>（暂无评述）</p>
                )}
              </section>
            </td>
          </tr>
        </tbody>
      </table>
    </div>,
    document.body,
  );
};
