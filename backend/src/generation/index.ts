/** What other features may use from generation (house style rule 13). */
export { GenerationModule, GENERATION_ENTITIES } from './generation.module.js';
export { TaskActions } from './task-actions.service.js';
export { TaskCommands } from './task-command.handler.js';
export { TaskStatusQuery } from './task-status/task-status.query.js';
export { checkTaskId } from './generation.controller.js';
export { taskDecider, type TaskState } from './task.decider.js';
