export { HttpWorkerClient, type HttpWorkerClientOptions } from './http-worker-client.js';
export { WorkerCallError, type WorkerCallErrorInit, type WorkerCallErrorKind, type WorkerOperation } from './worker-call.error.js';
export type { WorkerCallOptions, WorkerClient, WorkerMedia } from './worker-client.port.js';
export { classifyHttpFailure, classifyThrown } from './worker-error-classifier.js';
export { WORKER_ROUTING, type WorkerRouting, type RoutedWorker, type DispatchOutcome } from './worker-routing.port.js';
