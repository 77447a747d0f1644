// Take the Lab's experiment home and bring one back: the runs' recorded series as CSV, the
// experiment (deep-link query, config, comparison, sweep and series) as JSON, and "Import
// experiment" for such a JSON file, read like a deep link (repairs become notices; a file that
// is not an experiment is refused and nothing changes). Formats: url/experiment-file.ts.

import { useState } from 'react';
import { metricsFor } from '../runtime/metrics.ts';
import { openLabExperiment } from '../runtime/url-sync.ts';
import { store } from '../store/index.ts';
import { downloadText } from '../ui/download.ts';
import {
  FILE_TOO_LARGE,
  formatExperimentJson,
  formatRunsCsv,
  MAX_EXPERIMENT_FILE_BYTES,
  parseExperimentFile,
  type RunRecord,
  runRecord,
} from '../url/experiment-file.ts';

/** The current runs' recorded series, as the charts draw them. */
function runRecords(): RunRecord[] {
  return store.getState().runs.map((r) => runRecord(r.label, metricsFor(r.id)));
}

export function ExportMenu() {
  const [status, setStatus] = useState('');
  return (
    <div className="export-menu">
      <button
        type="button"
        onClick={() => downloadText(formatRunsCsv(runRecords()), 'normlab-runs.csv', 'text/csv')}
      >
        Export CSV
      </button>
      <button
        type="button"
        onClick={() => {
          const { config, comparison, sweep } = store.getState();
          downloadText(
            formatExperimentJson({ config, comparison, sweep }, runRecords()),
            'normlab-experiment.json',
            'application/json',
          );
        }}
      >
        Export JSON
      </button>
      <label className="import-experiment">
        Import experiment
        <input
          type="file"
          accept=".json,application/json"
          onChange={async (e) => {
            const input = e.currentTarget;
            const file = input.files?.[0];
            // Cleared so that choosing the same file again imports it again.
            input.value = '';
            if (!file) return;
            // A huge file is refused unread.
            const result =
              file.size > MAX_EXPERIMENT_FILE_BYTES
                ? ({ ok: false, reason: FILE_TOO_LARGE } as const)
                : parseExperimentFile(await file.text());
            if (!result.ok) {
              setStatus(`${file.name}: ${result.reason}`);
              return;
            }
            openLabExperiment(result);
            setStatus(`Imported ${file.name}`);
          }}
        />
      </label>
      <span className="export-status" role="status">
        {status}
      </span>
    </div>
  );
}
