import { openCrowdDb } from '../store/db.ts';
import { serveWorker } from '../worker-port/serve-worker.ts';
import type { ExportApi } from './export-protocol.ts';
import { exportStored } from './export-stored.ts';

/**
 * Exports run off the main thread: the page stays responsive, and the export's short-lived
 * strings (a double's digits, ~100 M of them for 1M × 150 cells) are collected in this small
 * heap instead of piling up beside the table's columns until the page's next full GC.
 */
serveWorker<ExportApi>(self, {
  export: async (request, call) => exportStored(await openCrowdDb(), request, call),
});
