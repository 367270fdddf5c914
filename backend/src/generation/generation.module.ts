import { Module } from '@nestjs/common';
import { WorkerAccountsModule } from '../worker-accounts/index.js';
import { ExpireTaskDeadlineHandler } from './expire-task.deadline-handler.js';
import { GenerationController } from './generation.controller.js';
import { GpuDispatchProcess } from './gpu-dispatch.process.js';
import { JobFollower } from './job-follower.service.js';
import { OutputCleanupProcess } from './output-cleanup.process.js';
import { SubmissionService } from './submission.service.js';
import { TaskActions } from './task-actions.service.js';
import { TaskChangeNotifier } from './task-change.notifier.js';
import { ExecuteTaskCommandHandler, TaskCommands } from './task-command.handler.js';
import { TaskDeadlinesProjector } from './task-deadlines.projector.js';
import { TaskMediaController } from './task-media.controller.js';
import { WorkerCallbackController } from './worker-callback.controller.js';
import { TaskStatusEntity } from './task-status/task-status.entity.js';
import { TaskStatusProjector } from './task-status/task-status.projector.js';
import { TaskStatusQuery } from './task-status/task-status.query.js';

export const GENERATION_ENTITIES = [TaskStatusEntity];

const COMMANDS = [ExecuteTaskCommandHandler, TaskCommands];
const PROJECTORS = [TaskStatusProjector, TaskDeadlinesProjector];
const PROCESSES = [GpuDispatchProcess, OutputCleanupProcess, JobFollower, ExpireTaskDeadlineHandler];
const QUERIES = [TaskStatusQuery];
const SERVICES = [SubmissionService, TaskActions, TaskChangeNotifier];

@Module({
  imports: [WorkerAccountsModule],
  controllers: [GenerationController, TaskMediaController, WorkerCallbackController],
  providers: [...COMMANDS, ...PROJECTORS, ...PROCESSES, ...QUERIES, ...SERVICES],
  exports: [TaskActions, TaskCommands, TaskStatusQuery],
})
export class GenerationModule {}
