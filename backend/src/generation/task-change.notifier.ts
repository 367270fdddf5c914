import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

const ANY = Symbol('any task');

/** Wakes live listeners (SSE streams) when a task's read model row changed in this process. */
@Injectable()
export class TaskChangeNotifier {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  changed(taskId: string): void {
    this.emitter.emit(taskId);
    this.emitter.emit(ANY);
  }

  /** Any task changed (e.g. one was dispatched); returns the function that stops listening. */
  listenAll(listener: () => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }

  /** Returns the function that stops listening. */
  listen(taskId: string, listener: () => void): () => void {
    this.emitter.on(taskId, listener);
    return () => this.emitter.off(taskId, listener);
  }
}
