/**
 * The few distributions the early-warning tests need, in plain TypeScript (no I/O, no dependency):
 * the exact upper tail of the binomial, the chi-square upper tail for the dispersion check and
 * Student's t upper tail for the overdispersed case. Computed in log space so a tail of 1e-12 over thousands of complaints stays exact
 * to a few digits, which is all a threshold of about 1e-3 needs.
 */

// Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

export const logGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
};

const logChoose = (n: number, k: number): number => logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/** P(X ≥ k) for X ~ Binomial(n, p). */
export const binomialUpperTail = (k: number, n: number, p: number): number => {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let sum = 0;
  for (let i = k; i <= n; i++) {
    const term = Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
    sum += term;
    // Past the mode the terms only shrink: stop once they no longer move the sum.
    if (i > n * p && term < sum * 1e-16) break;
  }
  return Math.min(1, sum);
};

/** Upper regularized incomplete gamma Q(a, x) (Numerical Recipes: series below a+1, continued fraction above). */
const gammaQ = (a: number, x: number): number => {
  if (x <= 0) return 1;
  const lnPre = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lnPre));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(lnPre) * h;
};

/** P(χ²(df) ≥ x). */
export const chiSquareUpperTail = (x: number, df: number): number => gammaQ(df / 2, x / 2);

/** Continued fraction of the incomplete beta (Numerical Recipes betacf, modified Lentz). */
const betaFraction = (a: number, b: number, x: number): number => {
  const tiny = 1e-300;
  const qab = a + b;
  let c = 1;
  let d = 1 - (qab * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
};

/** Regularized incomplete beta I_x(a, b). */
const betaI = (a: number, b: number, x: number): number => {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
};

/** P(T ≥ t) for Student's t with `df` degrees of freedom. */
export const studentTUpperTail = (t: number, df: number): number => {
  const half = 0.5 * betaI(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? half : 1 - half;
};
