import type {
  Actor, CallOptions, CaptureAccepted, CaptureInput, EraseInput, ExaminationDecisionInput, ExaminationDetail, ExaminationView,
  ImportRecordInput, ImportResult, MarkInput, PoliceIdentificationInput, PoliceIdentificationResult, RecordStatusView, SweepResult,
  TransactionView, VerificationInput, VerificationResult,
} from './types.js';
import type { PublishedResult } from './ports.js';
import type { TransactionServiceDependencies } from './dependencies.js';
import { WorkflowContext } from './workflow-context.js';
import { resumeUnfinished, whenIdle } from './advance-transaction.js';
import { eraseRecord, sweepRetention } from './erase-records.js';
import { decideExamination, getExamination, listExaminations } from './examine-hits.js';
import { identifyForPolice } from './identify-for-police.js';
import { importRecords } from './import-records.js';
import { markRecord } from './mark-record.js';
import { getTransaction, listTransactions, readResults } from './read-transactions.js';
import { submitCapture } from './submit-capture.js';
import { verifyIdentity } from './verify-identity.js';
import { deliverToCentral, type LinkState } from './deliver-to-central.js';
import { takeCentralReply } from './take-central-reply.js';
import { readCentralReply, receiveCentralTransaction } from './receive-central-transaction.js';
import type { CentralReply } from './dependencies.js';

/**
 * The Eurodac transaction workflow: intake → quality → extraction → search with the category's
 * comparison rules → examiner queue → decision → routing → one publication → enrolment.
 * Every step is recorded in the transaction store, so {@link resumeUnfinished} completes what a
 * restart interrupted without publishing twice; idempotency keys return the first answer.
 * Every operation on biometric data appends an audit entry (who, role, purpose, what, outcome).
 *
 * Built only from injected dependencies (see {@link TransactionServiceDependencies}).
 * Thread-safety: one instance serves many concurrent requests; several instances may share one
 * store (transaction updates are compare-and-set, examination decisions are atomic, publication
 * is deduplicated by transaction id).
 *
 * Each use case lives in its own module (named after it) as a function over the shared
 * {@link WorkflowContext}; this class is the one entry the HTTP layer, the CLI and the tests hold.
 */
export class TransactionService {
  private readonly ctx: WorkflowContext;

  constructor(deps: TransactionServiceDependencies) {
    this.ctx = new WorkflowContext(deps);
  }

  /** `POST /v1/transactions`, a desk capture: {@link submitCapture} in `submit-capture.ts`. */
  submitCapture(input: CaptureInput, actor: Actor, options: CallOptions = {}): Promise<CaptureAccepted> {
    return submitCapture(this.ctx, input, actor, options);
  }

  /** `GET /v1/transactions?since=`: {@link listTransactions} in `read-transactions.ts`. */
  listTransactions(actor: Actor, options: { since: number; limit?: number }): Promise<TransactionView[]> {
    return listTransactions(this.ctx, actor, options);
  }

  /** `GET /v1/transactions/:id`: {@link getTransaction} in `read-transactions.ts`. */
  getTransaction(id: string, actor: Actor): Promise<TransactionView> {
    return getTransaction(this.ctx, id, actor);
  }

  /** `GET /v1/results?after=`: {@link readResults} in `read-transactions.ts`. */
  readResults(actor: Actor, after: string | undefined, limit?: number): Promise<PublishedResult[]> {
    return readResults(this.ctx, actor, after, limit);
  }

  /** `GET /v1/examinations`, the pending hits: {@link listExaminations} in `examine-hits.ts`. */
  listExaminations(actor: Actor, options: { limit?: number } = {}): Promise<ExaminationView[]> {
    return listExaminations(this.ctx, actor, options);
  }

  /** One examination, both prints side by side: {@link getExamination} in `examine-hits.ts`. */
  getExamination(id: string, actor: Actor, options: { images?: boolean } = {}): Promise<ExaminationDetail> {
    return getExamination(this.ctx, id, actor, options);
  }

  /** `POST /v1/examinations/:id/decision`: {@link decideExamination} in `examine-hits.ts`. */
  decideExamination(id: string, input: ExaminationDecisionInput, actor: Actor, options: CallOptions = {}): Promise<ExaminationView> {
    return decideExamination(this.ctx, id, input, actor, options);
  }

  /** `POST /v1/police/identifications`: {@link identifyForPolice} in `identify-for-police.ts`. */
  identifyForPolice(input: PoliceIdentificationInput, actor: Actor, options: CallOptions = {}): Promise<PoliceIdentificationResult> {
    return identifyForPolice(this.ctx, input, actor, options);
  }

  /** `POST /v1/verifications`: {@link verifyIdentity} in `verify-identity.ts`. */
  verify(input: VerificationInput, actor: Actor): Promise<VerificationResult> {
    return verifyIdentity(this.ctx, input, actor);
  }

  /** `POST /v1/records/import`: {@link importRecords} in `import-records.ts`. */
  importRecords(records: readonly ImportRecordInput[], actor: Actor, options: CallOptions = {}): Promise<ImportResult> {
    return importRecords(this.ctx, records, actor, options);
  }

  /** `POST /v1/records/:reference/mark`: {@link markRecord} in `mark-record.ts`. */
  markRecord(input: MarkInput, actor: Actor, options: CallOptions = {}): Promise<RecordStatusView> {
    return markRecord(this.ctx, input, actor, options);
  }

  /** `POST /v1/records/:reference/erase`, advance erasure: {@link eraseRecord} in `erase-records.ts`. */
  eraseRecord(input: EraseInput, actor: Actor, options: CallOptions = {}): Promise<RecordStatusView> {
    return eraseRecord(this.ctx, input, actor, options);
  }

  /** The retention sweep: {@link sweepRetention} in `erase-records.ts`. */
  sweepRetention(actor: Actor): Promise<SweepResult> {
    return sweepRetention(this.ctx, actor);
  }

  /** Completes unfinished transactions after a restart: {@link resumeUnfinished} in `advance-transaction.ts`. */
  resumeUnfinished(): Promise<{ resumed: string[] }> {
    return resumeUnfinished(this.ctx);
  }

  /** One pass of the outbox to the central system: {@link deliverToCentral} in `deliver-to-central.ts`. */
  deliverToCentral(): Promise<LinkState> {
    return deliverToCentral(this.ctx);
  }

  /** A reply of the central system (normally fetched by {@link deliverToCentral}): {@link takeCentralReply}. */
  takeCentralReply(reply: CentralReply): Promise<'applied' | 'duplicate' | 'unknown'> {
    return takeCentralReply(this.ctx, reply);
  }

  /** Central side, `POST /v1/central/transactions`: {@link receiveCentralTransaction} in `receive-central-transaction.ts`. */
  receiveCentralTransaction(bytes: Uint8Array, actor: Actor): Promise<{ transactionId: string; status: 'accepted' | 'duplicate' }> {
    return receiveCentralTransaction(this.ctx, bytes, actor);
  }

  /** Central side, the reply to a member state's transaction: {@link readCentralReply}. */
  readCentralReply(memberState: string, transactionId: string, actor: Actor): Promise<{ state: 'pending' } | { state: 'answered'; reply: CentralReply }> {
    return readCentralReply(this.ctx, memberState, transactionId, actor);
  }

  /** Resolves when no background step runs: {@link whenIdle} in `advance-transaction.ts`. */
  whenIdle(): Promise<void> {
    return whenIdle(this.ctx);
  }
}
