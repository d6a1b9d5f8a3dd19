// The figures of one benchmark, printed as "BENCH" lines for people and written as JSON for
// scripts/budgets.py, which renders docs/budgets.md from them (`make bench`). Each figure has a
// key (the template's name for it), its text as printed, the number behind it where there is
// one, the target it is held to ('' for a figure shown only to explain the others) and, where
// the target is a ceiling, that ceiling in the value's unit (budgets.md then says met or over).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../tests/helpers';

export interface Figure {
  label: string;
  text: string;
  value?: number;
  target: string;
  limit?: number;
}

export class Figures {
  private readonly figures: Record<string, Figure> = {};

  constructor(private readonly bench: string) {}

  /** Print one figure and keep it for the JSON file. */
  report(key: string, label: string, text: string, target = '', value?: number, limit?: number): void {
    this.figures[key] = { label, text, value, target, limit };
    console.log(`BENCH ${label.padEnd(44)} ${text.padStart(14)}   (${target ? `target ${target}` : 'figure only'})`);
  }

  /** Write BENCH_OUT/<bench>.json (default .tmp/bench/ of the repository). */
  save(): void {
    const dir = process.env.BENCH_OUT ?? path.join(REPO_ROOT, '.tmp', 'bench');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${this.bench}.json`);
    fs.writeFileSync(file, `${JSON.stringify({ bench: this.bench, figures: this.figures }, null, 2)}\n`);
    console.log(`figures written to ${path.relative(REPO_ROOT, file)}`);
  }
}
