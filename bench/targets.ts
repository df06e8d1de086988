/** Prints one benchmark figure beside its baseline from the same run, with the ratio and target. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** `label` says how a derived target came about, e.g. "30 % of baseline". */
  target?: { op: '>=' | '<='; value: number; label?: string };
  /** Printed last, e.g. the load average or the sample size. */
  note?: string;
}

const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 });

export function report(figure: Figure): boolean {
  const v = format(figure.value);
  const ratio = figure.baseline ? ` | baseline ${figure.baseline.name} ${format(figure.baseline.value)} ${figure.unit} | ratio ${(figure.value / figure.baseline.value).toFixed(2)}` : '';
  const ok = !figure.target || (figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value);
  const label = figure.target?.label ? ` (${figure.target.label})` : '';
  const target = figure.target ? ` | target ${figure.target.op} ${format(figure.target.value)}${label} ${ok ? 'PASS' : 'FAIL'}` : '';
  const note = figure.note ? ` | ${figure.note}` : '';
  console.log(`${figure.name}: ${v} ${figure.unit}${ratio}${target}${note}`);
  return ok;
}
