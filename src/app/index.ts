/**
 * The use cases, assembled: `createUseCases(deps)` is what the server, the adapters'
 * end-to-end tests and `npm run demo` all call, so every path goes through the same code.
 */
import { createAdminUseCases } from './admin.ts';
import { createAnswerUseCases } from './answers.ts';
import { createContext } from './context.ts';
import type { AppDeps } from './deps.ts';
import { createInstallationUseCases } from './installations.ts';
import { createJoinUseCases } from './joining.ts';
import { createPageUseCases } from './pages.ts';
import { createPosting } from './posting.ts';
import { createArchiveHygiene, createRecoveryUseCases } from './recovery.ts';
import { createReportUseCases } from './reports.ts';
import { createScheduleUseCases } from './planning.ts';
import { createRoundUseCases } from './rounds.ts';
import { createSetupUseCases } from './setup.ts';
import type { AppUseCases } from './use-cases.ts';

export type { AppDeps, ChatRouter, ChartRenderer, PlannedRuns } from './deps.ts';
export type { AnswerReceipt, AppUseCases, InstallationUseCases, SchedulerUseCases, UseCases, WebUseCases } from './use-cases.ts';

export function createUseCases(deps: AppDeps): AppUseCases {
  const ctx = createContext(deps);
  const posting = createPosting(ctx);
  const rounds = createRoundUseCases(ctx, posting);
  const { currentRoundMessage, resultsOf: _resultsOf, ...roundUseCases } = rounds;
  const hygiene = createArchiveHygiene(ctx);
  return {
    ...createSetupUseCases(ctx),
    ...roundUseCases,
    ...createAnswerUseCases(ctx, posting, currentRoundMessage),
    ...createReportUseCases(ctx),
    ...createAdminUseCases(ctx, hygiene),
    ...createRecoveryUseCases(ctx, hygiene),
    ...createPageUseCases(ctx),
    ...createScheduleUseCases(ctx),
    ...createJoinUseCases(ctx, posting, rounds),
    ...createInstallationUseCases(ctx),
  };
}
