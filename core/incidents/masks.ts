/**
 * Masks for what incidents show: a member's openid, a policy number, a client address. Evidence is
 * copied masked when an incident opens, so the incident store never holds them in clear.
 */
export const maskMemberId = (id: string): string => (id.length <= 6 ? '****' : `${id.slice(0, 4)}****${id.slice(-2)}`);

export const maskPolicyNo = (no: string): string => (no.length <= 6 ? '****' : `${no.slice(0, 3)}****${no.slice(-3)}`);

/** 203.0.113.7 → 203.0.*.*; an IPv6 address keeps its first two groups. */
export const maskSource = (source: string): string => {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(source);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  if (source.includes(':')) return `${source.split(':').slice(0, 2).join(':')}:*`;
  return source.length <= 4 ? '****' : `${source.slice(0, 4)}****`;
};
