import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** Wakes live listeners (SSE streams) when a task's read model row changed in this process. */
@Injectable()
export class TaskChangeNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  changed(taskId: string): void {
    this.emitter.emit(taskId);
  }

  /** Returns the function that stops listening. */
  listen(taskId: string, listener: () => void): () => void {
    this.emitter.on(taskId, listener);
    return () => this.emitter.off(taskId, listener);
  }
}
