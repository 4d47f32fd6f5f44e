import { useState } from 'react';
import {
  BatchActionError,
  cancelBatch,
  cancelPendingItems,
  deleteBatch,
  relabelBatch,
  retryFailedItems,
} from '../../../src/batches';
import type { BatchRecord } from '../../../src/db';
import {
  checkCancelBatch,
  checkCancelPending,
  checkDelete,
  checkRetry,
  MAX_CANCELLATION_REASON_LENGTH,
  MAX_LABEL_LENGTH,
} from '../../../src/domain/batchActions';
import { countsOf, isBatchCancelled } from '../../../src/domain/batchStatus';
import { navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { importClient } from '../import/importWizardStore';
import { ConfirmDialog, type ConfirmDialogProps } from './ConfirmDialog';
import { downloadCsv, downloadXlsx, safeFileName } from './download';

type Asking = Omit<ConfirmDialogProps, 'onCancel'>;

const number = new Intl.NumberFormat();

/**
 * The contract's actions on a batch, through `src/batches` (each one transaction with its outbox
 * entry). A refused action shows the rule's reason; destructive ones are confirmed first.
 */
export function BatchActions({ batch, pending }: { batch: BatchRecord; pending: number }) {
  const [asking, setAsking] = useState<Asking | null>(null);
  const [message, setMessage] = useState<{ tone: 'danger' | 'ok'; text: string } | null>(null);
  const [exporting, setExporting] = useState(false);
  const counts = countsOf(batch);
  const cancelled = isBatchCancelled(batch);
  // an action with nothing to act on is disabled, and the reason shows under the buttons
  const retryCheck = checkRetry(counts, cancelled);
  const cancelCheck = checkCancelPending(counts, cancelled);
  const cancelBatchCheck = checkCancelBatch(cancelled);
  const deleteCheck = checkDelete(counts);
  const failedExport = batch.failed > 0 ? null : 'No item failed, so there are no failed rows to export.';
  const reasons = [
    retryCheck.ok ? null : `Retry failed items: ${retryCheck.reason}`,
    cancelCheck.ok ? null : `Cancel pending items: ${cancelCheck.reason}`,
    cancelBatchCheck.ok ? null : `Cancel batch: ${cancelBatchCheck.reason}`,
    deleteCheck.ok ? null : `Delete: ${deleteCheck.reason}`,
    failedExport ? `Export failed rows: ${failedExport}` : null,
  ].filter((reason): reason is string => reason !== null);

  const run = async (action: () => Promise<string>) => {
    setAsking(null);
    try {
      setMessage({ tone: 'ok', text: await action() });
    } catch (error) {
      const text =
        error instanceof BatchActionError
          ? error.message
          : error instanceof Error
            ? error.message
            : String(error);
      setMessage({ tone: 'danger', text });
    }
  };

  /** Asks first when the rule allows the action; says why not when it does not. */
  const askIf = (check: { ok: true } | { ok: false; reason: string }, question: Asking) => {
    if (!check.ok) setMessage({ tone: 'danger', text: check.reason });
    else {
      setMessage(null);
      setAsking(question);
    }
  };

  const retry = () => {
    const check = checkRetry(counts, cancelled);
    if (!check.ok) return setMessage({ tone: 'danger', text: check.reason });
    void run(async () => {
      const result = await retryFailedItems(db, batch.id, Date.now());
      return `${number.format(result.retried_items)} failed items are pending again and will be processed.`;
    });
  };

  const exportItems = async (which: 'results' | 'resultsCsv' | 'failed') => {
    setExporting(true);
    try {
      const bytes = await importClient().request({ type: 'export', batchId: batch.id, which });
      if (which === 'resultsCsv') downloadCsv(bytes, safeFileName(batch.label, 'results', 'csv'));
      else downloadXlsx(bytes, safeFileName(batch.label, which === 'results' ? 'results' : 'failed-rows'));
    } catch (error) {
      setMessage({
        tone: 'danger',
        text: `The export failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className="card" aria-labelledby="batch-actions-title">
      <header className="card-header">
        <h2 id="batch-actions-title">Actions</h2>
      </header>
      <div className="action-bar">
        <button
          type="button"
          className="button"
          disabled={!retryCheck.ok}
          aria-describedby="batch-action-reasons"
          onClick={retry}
        >
          Retry failed items
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={!cancelCheck.ok}
          aria-describedby="batch-action-reasons"
          onClick={() =>
            askIf(checkCancelPending(counts, cancelled), {
              title: 'Cancel the pending items?',
              body: `${number.format(pending)} items not processed yet will be cancelled. Processed items keep their outcome.`,
              confirmLabel: 'Cancel pending items',
              danger: true,
              onConfirm: () =>
                void run(async () => {
                  const result = await cancelPendingItems(db, batch.id, Date.now());
                  return `${number.format(result.cancelled_items)} pending items were cancelled.`;
                }),
            })
          }
        >
          Cancel pending items
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={!cancelBatchCheck.ok}
          aria-describedby="batch-action-reasons"
          onClick={() =>
            askIf(cancelBatchCheck, {
              title: 'Cancel this batch?',
              body:
                counts.pending > 0
                  ? 'Its pending items are cancelled and the reason is kept with the batch.'
                  : 'Every item is processed and keeps its outcome; the batch shows as cancelled, with the reason.',
              confirmLabel: 'Cancel the batch',
              danger: true,
              input: { label: 'Reason', maxLength: MAX_CANCELLATION_REASON_LENGTH, required: true },
              onConfirm: (reason) =>
                void run(async () => {
                  const result = await cancelBatch(db, batch.id, reason, Date.now());
                  return result.cancelled_items > 0
                    ? `The batch is cancelled (${number.format(result.cancelled_items)} pending items).`
                    : 'The batch is cancelled; its processed items keep their outcomes.';
                }),
            })
          }
        >
          Cancel the batch…
        </button>
        <button
          type="button"
          className="button button-quiet"
          onClick={() =>
            askIf(
              { ok: true },
              {
                title: 'Rename this batch',
                body: 'The new label is also sent to the central server.',
                confirmLabel: 'Rename',
                input: { label: 'Label', initial: batch.label, maxLength: MAX_LABEL_LENGTH, required: true },
                onConfirm: (label) =>
                  void run(async () => {
                    const result = await relabelBatch(db, batch.id, label, Date.now());
                    return `Renamed to "${result.label}".`;
                  }),
              },
            )
          }
        >
          Rename…
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={!deleteCheck.ok}
          aria-describedby="batch-action-reasons"
          onClick={() =>
            askIf(checkDelete(counts), {
              title: 'Delete this batch record?',
              body: 'The batch and its items are removed from this computer and the server. Registered activities stay registered.',
              confirmLabel: 'Delete the batch',
              danger: true,
              onConfirm: () =>
                void run(async () => {
                  await deleteBatch(db, batch.id, Date.now());
                  navigate('/batches');
                  return 'The batch was deleted.';
                }),
            })
          }
        >
          Delete…
        </button>
      </div>
      <div className="action-bar">
        <button
          type="button"
          className="button button-quiet"
          disabled={exporting}
          onClick={() => void exportItems('results')}
        >
          Export results (.xlsx)
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={exporting}
          onClick={() => void exportItems('resultsCsv')}
        >
          Export results (.csv)
        </button>
        <button
          type="button"
          className="button button-quiet"
          disabled={exporting || failedExport !== null}
          aria-describedby="batch-action-reasons"
          onClick={() => void exportItems('failed')}
        >
          Export failed rows for re-import (.xlsx)
        </button>
      </div>
      {reasons.length > 0 && (
        <ul
          id="batch-action-reasons"
          className="action-reasons muted small"
          aria-label="Why some actions are off"
        >
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {message && (
        <p className={`alert alert-${message.tone}`} role={message.tone === 'danger' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {asking && <ConfirmDialog {...asking} onCancel={() => setAsking(null)} />}
    </section>
  );
}
