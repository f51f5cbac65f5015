/**
 * Counter-based randomness (trading-semantics.md §4.2): every draw is a pure function of
 * (seed, stream, purpose, a, b), so any candle can be computed in any order, in any process.
 * Only 32-bit integer ops (Math.imul, shifts) feed the bits, so they are identical on every
 * engine; the float transforms (log, sqrt, cos) are deterministic per Node major.
 */

export interface SeedKey {
  readonly seed: string;
  readonly k1: number;
  readonly k2: number;
}

// Everything stays int32 (`| 0`) until the final unsigned read: uint32 values above 2^31 would
// make V8 box them as doubles and cost ~5× per draw.
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b | 0);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35 | 0);
  h ^= h >>> 16;
  return h | 0;
}

function absorb(h: number, k: number): number {
  k = Math.imul(k | 0, 0xcc9e2d51 | 0);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + (0xe6546b64 | 0)) | 0;
}

/** FNV-1a over UTF-16 code units, then finalised: only used to turn names into 32-bit ids. */
export function hashString(s: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h) >>> 0;
}

export function seedKey(seed: string | number): SeedKey {
  const s = String(seed);
  return { seed: s, k1: hashString(s, 0x2545f491) | 0, k2: hashString(s, 0x6a09e667) | 0 };
}

const TWO_POW_20 = 1048576;
const TWO_POW_53 = 9007199254740992;

/**
 * Draws for one (seed, stream, purpose): two independent murmur3-style lanes give the 64 bits a
 * uniform needs. The three fixed words are absorbed once, so a day's 86,400 draws only hash (a, b).
 */
export class DrawStream {
  constructor(
    private readonly p1: number,
    private readonly p2: number,
  ) {}

  /**
   * Uniform on the odd lattice (2n+1)/2^53, n < 2^52: 53-bit resolution, never 0 or 1, and every
   * value exact. The textbook (hi·2^21 + lo>>>11 + 0.5)/2^53 rounds its largest value up to 1.0.
   */
  uniform(a: number, b: number): number {
    let h1 = absorb(this.p1, a);
    let h2 = absorb(this.p2, a);
    h1 = absorb(h1, b);
    h2 = absorb(h2, b);
    const hi = fmix(h1 ^ 20);
    const lo = fmix(h2 ^ 20);
    return (2 * ((hi >>> 0) * TWO_POW_20 + (lo >>> 12)) + 1) / TWO_POW_53;
  }

  normal(a: number, b: number): number {
    return inverseNormal(this.uniform(a, b));
  }

  studentT4(a: number, b: number): number {
    return inverseStudentT4(this.uniform(a, b));
  }
}

export function drawStream(key: SeedKey, stream: number, purpose: number): DrawStream {
  let h1 = key.k1;
  let h2 = key.k2 ^ 0x5bd1e995;
  h1 = absorb(h1, stream);
  h2 = absorb(h2, stream);
  return new DrawStream(absorb(h1, purpose), absorb(h2, purpose));
}

export function uniform(key: SeedKey, stream: number, purpose: number, a: number, b: number): number {
  return drawStream(key, stream, purpose).uniform(a, b);
}

/** Wichura's AS241 (PPND16): one uniform per normal, accurate to ~1e-16, no cos needed. */
export function inverseNormal(p: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -x : x;
}

const INV_SQRT2 = Math.SQRT1_2;

/** Student-t with ν=4 via its closed-form inverse CDF, divided by √2 so the variance is 1. */
export function inverseStudentT4(p: number): number {
  const alpha = 4 * p * (1 - p);
  const sa = Math.sqrt(alpha);
  const q = Math.cos(Math.acos(sa) / 3) / sa;
  const t = 2 * Math.sqrt(Math.max(0, q - 1));
  return (p < 0.5 ? -t : t) * INV_SQRT2;
}

export function normal(key: SeedKey, stream: number, purpose: number, a: number, b: number): number {
  return inverseNormal(uniform(key, stream, purpose, a, b));
}

export function studentT4(key: SeedKey, stream: number, purpose: number, a: number, b: number): number {
  return inverseStudentT4(uniform(key, stream, purpose, a, b));
}
