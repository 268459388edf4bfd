/** The state of one local batch job, shared by the registry (jobs.ts) and the job runner (run-job.ts). */
import type { FaultInjector } from '../faults.ts';
import type { InvocationType } from './answer.ts';
import type { ObjectStore } from './object-store.ts';

export type JobStatus =
  | 'Submitted'
  | 'Validating'
  | 'Scheduled'
  | 'InProgress'
  | 'Completed'
  | 'PartiallyCompleted'
  | 'Failed'
  | 'Stopping'
  | 'Stopped'
  | 'Expired';

export const TERMINAL_STATUSES: ReadonlySet<JobStatus> = new Set([
  'Completed',
  'PartiallyCompleted',
  'Failed',
  'Stopped',
  'Expired',
]);

export interface BatchJob {
  jobArn: string;
  jobId: string;
  jobName: string;
  modelId: string;
  roleArn: string;
  clientRequestToken?: string;
  modelInvocationType: InvocationType;
  inputUri: string;
  outputUri: string;
  timeoutDurationInHours: number;
  status: JobStatus;
  message?: string;
  submitTime: Date;
  lastModifiedTime: Date;
  endTime?: Date;
  totalRecordCount?: number;
  processedRecordCount?: number;
  successRecordCount?: number;
  errorRecordCount?: number;
  stopRequested: boolean;
  /** Settles when the job reaches a terminal status. */
  done: Promise<void>;
}

export interface JobEnv {
  objects: ObjectStore;
  faults: () => FaultInjector;
  minRecords: number;
}

export function setStatus(job: BatchJob, status: JobStatus, message?: string): void {
  job.status = status;
  job.lastModifiedTime = new Date();
  if (message !== undefined) job.message = message;
  if (TERMINAL_STATUSES.has(status)) job.endTime = job.lastModifiedTime;
}
