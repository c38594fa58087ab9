/** 138****5678: enough for staff to recognise a caller, not enough to call them. */
export const maskPhone = (phone: string): string => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****');
