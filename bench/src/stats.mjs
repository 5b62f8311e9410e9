// The summaries every benchmark reports.
const sorted = (values) => [...values].sort((a, b) => a - b);

export const median = (values) => sorted(values)[Math.floor(values.length / 2)];

/** Median and the quartiles around it: where the middle half of the samples lies. */
export function quartiles(values) {
  const s = sorted(values);
  return { medianUs: s[Math.floor(s.length / 2)], q1Us: s[Math.floor(s.length / 4)], q3Us: s[Math.floor((s.length * 3) / 4)] };
}
