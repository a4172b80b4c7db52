// One machine-readable line per figure, beside the human output, so
// bench/run.mjs can collect every bench's figures into BENCHMARKS.md.

export interface BenchRow {
  section: string;
  row: string;
  /** The measured figure (time, size, bytes…). */
  value: number;
  /** The same measure for the baseline in the same run, when there is one. */
  baseline?: number;
  /** Speed ratio: baseline time / our time (> 1 means ahead), or value / budget for sizes. */
  ratio?: number;
  unit: string;
  /** What the ratio is measured against. */
  against?: string;
  /** The row's goal as a minimum ratio, or for budgets a maximum value. */
  goal?: { minRatio?: number; maxValue?: number };
  /** Why the row falls short of its goal and what would close it (shown only then). */
  shortfall?: string;
  note?: string;
}

export function report(row: BenchRow): void {
  console.log('BENCH ' + JSON.stringify(row));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
