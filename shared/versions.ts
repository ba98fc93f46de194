/** Software versions as inventories report them ("16.0.17126.20132", "1.2-beta", "1:2.3"), compared the one way rules and their checks do. */

/** Case-insensitive text as versions compare it: trimmed, lower-cased. */
const folded = (text: string) => text.trim().toLowerCase();

/**
 * Dotted versions compared part by part ("10.2" > "9.12"; "1.2" = "1.2.0"): numeric parts as
 * numbers (without the float's limits), other parts case-insensitively as text, a number before a
 * text; separators are dots, dashes, underscores, pluses and spaces.
 */
export const compareVersions = (a: string, b: string): number => {
  const parts = (v: string) =>
    folded(v)
      .split(/[.\-_+ ]+/)
      .filter(Boolean);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i] ?? '0', pb[i] ?? '0'];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    let c: number;
    if (nx && ny) {
      const [sx, sy] = [x.replace(/^0+(?=\d)/, ''), y.replace(/^0+(?=\d)/, '')];
      c = sx.length - sy.length || (sx < sy ? -1 : sx > sy ? 1 : 0);
    } else if (nx !== ny) c = nx ? -1 : 1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
};
