/** Prints one benchmark figure beside its baseline from the same run, with the ratio and target. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  target?: { op: '>=' | '<='; value: number };
}

export function report(figure: Figure): boolean {
  const v = figure.value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const ratio = figure.baseline ? ` | baseline ${figure.baseline.name} ${figure.baseline.value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${figure.unit} | ratio ${(figure.value / figure.baseline.value).toFixed(2)}` : '';
  const ok = !figure.target || (figure.target.op === '>=' ? figure.value >= figure.target.value : figure.value <= figure.target.value);
  const target = figure.target ? ` | target ${figure.target.op} ${figure.target.value.toLocaleString('en-US')} ${ok ? 'PASS' : 'FAIL'}` : '';
  console.log(`${figure.name}: ${v} ${figure.unit}${ratio}${target}`);
  return ok;
}
