// Shows the checklist as it runs: a spinner naming the running steps on a TTY, and each step's
// result as it finishes (on any output).
import type { DiagnoseEvent } from '../diagnose/types.js';
import { stepLine } from '../core/render/terminal.js';
import type { Style } from '../core/render/style.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Progress {
  private readonly running = new Map<string, string>();
  private attemptsDone = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly out: NodeJS.WriteStream, private readonly style: Style) {}

  handle = (event: DiagnoseEvent): void => {
    if (event.type === 'step-started') {
      this.running.set(event.id, event.title);
      this.startSpinner();
    } else if (event.type === 'attempt') {
      this.attemptsDone++;
    } else {
      this.running.delete(event.step.id);
      this.clearLine();
      this.out.write(`${stepLine(event.step, this.style)}\n`);
      if (this.running.size === 0) this.stop();
    }
  };

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.clearLine();
  }

  private startSpinner(): void {
    if (!this.out.isTTY || this.timer) return;
    this.timer = setInterval(() => this.draw(), 80);
    this.timer.unref();
  }

  private draw(): void {
    this.frame = (this.frame + 1) % FRAMES.length;
    const names = [...this.running.values()].join(' · ');
    const attempts = this.attemptsDone > 0 ? ` (${this.attemptsDone} attempt${this.attemptsDone === 1 ? '' : 's'} done)` : '';
    const line = `  ${this.style.cyan(FRAMES[this.frame]!)} ${names}${attempts}`;
    this.out.write(`\r\u001b[K${line.slice(0, (this.out.columns ?? 100) + 20)}`);
  }

  private clearLine(): void {
    if (this.out.isTTY) this.out.write('\r\u001b[K');
  }
}
