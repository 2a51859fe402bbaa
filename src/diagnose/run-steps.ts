// Starts the checklist's steps in start order (start-order.ts), each with a context whose `need`
// answers only for the steps it declared: an undeclared read fails at once, naming the step,
// instead of working by luck of the list's order or waiting on a step that has not started.
import type { DiagnoseContext, StepId, StepOutcome } from './types.js';

/** A step as the runner sees it: what it reads, and how to run it. */
export interface RunnableStep {
  readonly title: string;
  readonly needs: readonly StepId[];
  run(context: DiagnoseContext): Promise<StepOutcome<unknown>>;
}

/** Every step's outcome, by id, as it will settle. Steps start synchronously, in `order`. */
export function startSteps(
  steps: Readonly<Partial<Record<StepId, RunnableStep>>>,
  order: readonly StepId[],
  base: Omit<DiagnoseContext, 'need'>,
): Map<StepId, Promise<StepOutcome<unknown>>> {
  const running = new Map<StepId, Promise<StepOutcome<unknown>>>();
  for (const id of order) {
    const step = steps[id]!;
    const need = async (wanted: StepId): Promise<unknown> => {
      if (!step.needs.includes(wanted)) throw new Error(`checklist: step "${id}" reads "${wanted}" without listing it in its needs`);
      const outcome = running.get(wanted);
      if (!outcome) throw new Error(`checklist: step "${id}" needs "${wanted}", which has not started`);
      return (await outcome).evidence;
    };
    const context = { ...base, need } as DiagnoseContext;
    base.emit({ type: 'step-started', id, title: step.title });
    running.set(id, step.run(context).then((outcome) => {
      base.emit({ type: 'step-finished', step: outcome.report });
      return outcome;
    }));
  }
  return running;
}
