import { describe, expect, it } from "vitest";
import { drawStream, inverseNormal, inverseStudentT4, normal, seedKey, uniform } from "./hash";

describe("counter-based generator", () => {
  it("is a pure function of its counters, and the seed matters", () => {
    const k = seedKey("abc");
    expect(uniform(k, 1, 2, 3, 4)).toBe(uniform(seedKey("abc"), 1, 2, 3, 4));
    expect(uniform(k, 1, 2, 3, 4)).not.toBe(uniform(seedKey("abd"), 1, 2, 3, 4));
    expect(uniform(k, 1, 2, 3, 4)).not.toBe(uniform(k, 1, 2, 4, 3));
    expect(drawStream(k, 1, 2).uniform(3, 4)).toBe(uniform(k, 1, 2, 3, 4));
    expect(seedKey(7).k1).toBe(seedKey("7").k1);
  });

  it("gives uniforms strictly inside (0, 1) with the right moments", () => {
    const s = drawStream(seedKey("u"), 0, 0);
    let sum = 0;
    let sum2 = 0;
    let min = 1;
    let max = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = s.uniform(i, 0);
      sum += u;
      sum2 += u * u;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.003);
    expect(Math.abs(sum2 / n - sum ** 2 / n ** 2 - 1 / 12)).toBeLessThan(0.001);
  });

  it("never reaches 0 or 1 at the lattice extremes", () => {
    expect(1 / 2 ** 53).toBeGreaterThan(0);
    expect(1 - 1 / 2 ** 53).toBeLessThan(1);
    expect(Number.isFinite(inverseNormal(1 / 2 ** 53))).toBe(true);
    expect(Number.isFinite(inverseStudentT4(1 - 1 / 2 ** 53))).toBe(true);
  });

  it("inverts the normal CDF (AS241) to near machine precision", () => {
    expect(inverseNormal(0.5)).toBe(0);
    expect(inverseNormal(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(inverseNormal(0.025)).toBeCloseTo(-1.959963984540054, 14);
    expect(inverseNormal(1e-10)).toBeCloseTo(-6.361340902404056, 12);
  });

  it("inverts Student-t ν=4 in closed form, scaled to unit variance", () => {
    // t_4 quantiles (checked against F(t) = ½ + t(t²+6) / (2(t²+4)^{3/2})), divided by √2.
    expect(inverseStudentT4(0.975)).toBeCloseTo(2.776445105197793 / Math.SQRT2, 12);
    expect(inverseStudentT4(0.005)).toBeCloseTo(-4.604094871349993 / Math.SQRT2, 12);
    expect(inverseStudentT4(0.5)).toBe(0);
    const cdf = (t: number) => 0.5 + (t * (t * t + 6)) / (2 * Math.pow(t * t + 4, 1.5));
    for (const p of [1e-6, 0.01, 0.3, 0.7, 0.999]) expect(cdf(inverseStudentT4(p) * Math.SQRT2)).toBeCloseTo(p, 12);
  });

  it("draws normals and unit-variance t4 with the expected moments", () => {
    const k = seedKey("moments");
    const n = 200_000;
    let m = 0;
    let v = 0;
    let tv = 0;
    let tk = 0;
    const s = drawStream(k, 9, 9);
    for (let i = 0; i < n; i++) {
      const z = normal(k, 3, 4, i, 1);
      m += z;
      v += z * z;
      const t = s.studentT4(i, 0);
      tv += t * t;
      tk += t ** 4;
    }
    expect(Math.abs(m / n)).toBeLessThan(0.01);
    expect(Math.abs(v / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(tv / n - 1)).toBeLessThan(0.05);
    // A normal's kurtosis is 3; t4's is infinite, so the sample value is large and unstable.
    expect(tk / n / (tv / n) ** 2).toBeGreaterThan(5);
  });
});
