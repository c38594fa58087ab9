import { useEffect, useState } from 'react';
import { api, messageOf } from './api';

interface Link {
  url: string;
  expiresAt: string;
}

const isPdf = (fileId: string) => /\.pdf$/i.test(fileId);
const shortName = (fileId: string, i: number) => `附件${i + 1}${isPdf(fileId) ? '（PDF）' : ''}`;

/**
 * A case's attachments: image thumbnails and PDF links. Every link is asked of the server for this
 * staff member (complaints/attachmentUrl: short-lived, audited), never built by the page.
 */
export const Attachments = ({
  caseId,
  files,
  route = 'complaints/attachmentUrl',
}: {
  caseId: string;
  files: string[];
  /** The area's audited link action: consultations use consultations/fileUrl (same input, same answer). */
  route?: `${string}/${string}`;
}) => {
  const [thumbs, setThumbs] = useState<Record<string, string>>({});
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    setThumbs({});
    Promise.all(
      files.filter((f) => !isPdf(f)).map(async (fileId) => {
        const link = await api<Link>(route, { id: caseId, fileId, purpose: 'thumbnail' });
        return [fileId, link.url] as const;
      }),
    )
      .then((pairs) => live && setThumbs(Object.fromEntries(pairs)))
      .catch((e) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
  }, [caseId, route, files.join('|')]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Full size in a new tab: the window opens inside the click (no popup blocker), the audited link follows. */
  const open = async (fileId: string) => {
    const w = window.open('about:blank', '_blank');
    try {
      const link = await api<Link>(route, { id: caseId, fileId, purpose: 'open' });
      if (w) {
        w.opener = null;
        w.location.href = link.url;
      } else window.location.assign(link.url);
    } catch (e) {
      w?.close();
      setError(messageOf(e));
    }
  };

  if (!files.length) return null;
  return (
    <div className="case-attachments">
      <div className="attachment-list">
        {files.map((fileId, i) =>
          isPdf(fileId) ? (
            <button key={fileId} type="button" className="attachment attachment-pdf" onClick={() => open(fileId)} title="打开 PDF（将记录审计）">
              <span className="attachment-pdf-mark">PDF</span>
              <span>{shortName(fileId, i)}</span>
            </button>
          ) : (
            <button key={fileId} type="button" className="attachment attachment-image" onClick={() => open(fileId)} title="查看原图（将记录审计）">
              {thumbs[fileId] ? <img src={thumbs[fileId]} alt={shortName(fileId, i)} loading="lazy" /> : <span className="muted">加载中…</span>}
            </button>
          ),
        )}
      </div>
      <div className="muted attachment-hint">点击查看原图或打开 PDF；每次查看均记入审计日志。</div>
      {error && <div className="error-text attachment-error">{error}</div>}
    </div>
  );
};
