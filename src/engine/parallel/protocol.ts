/**
 * What the main thread and the parsing workers share: the worker's start data, the messages it posts,
 * and the layout of the shared control words. Types and constants only: importing this loads nothing.
 *
 * Work is handed out by a shared counter, one file at a time: the main thread and every worker take
 * the next index with `Atomics.add` until the candidates run out, so a worker that starts late or a
 * thread slowed by other processes simply takes fewer files. Each claim is recorded in `owners`, so
 * the main thread knows which files a failed worker held and parses them itself.
 */
import type { Candidate } from '../../discover/walk.js';
import type { MessagePort } from 'node:worker_threads';
import type { InputLimits } from '../options.js';
import type { TransferredFile } from './transfer.js';

/** Index of the next candidate to claim, in the control words. */
export const NEXT = 0;
/** Bumped (and notified) after every message a worker posts, so the waiting main thread wakes up. */
export const POSTED = 1;
export const CONTROL_WORDS = 2;

export interface WorkerData {
  /** 1, 2, …: written into `owners` for each file the worker claims (0 = the main thread or nobody yet). */
  id: number;
  root: string;
  limits: InputLimits;
  candidates: Candidate[];
  /** `CONTROL_WORDS` Int32 words. */
  control: SharedArrayBuffer;
  /** One Int32 per candidate: the id of the worker that claimed it. */
  owners: SharedArrayBuffer;
  /** The worker posts everything here; the main thread reads it synchronously between its own files. */
  port: MessagePort;
}

export type WorkerMessage =
  /** Posted before the first claim: a worker the main thread has not heard from holds no file. */
  | { type: 'ready' }
  | { type: 'file'; index: number; file: TransferredFile }
  /** Parsing the file threw in the worker: the main thread parses it (and meets the same error, if any). */
  | { type: 'failed'; index: number; reason: string }
  /** No candidate left; nothing follows. */
  | { type: 'done' };
