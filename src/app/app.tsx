import { DownloadPanel } from '../features/download/download-panel.tsx';
import { useDownload } from '../features/download/use-download.ts';
import { QueryPanel } from '../features/query/components/query-panel.tsx';
import { useQueryState } from '../features/query/hooks/use-query-state.ts';

export function App() {
  // Both features read the query from the URL; the app hands Download from one to the other.
  const { query } = useQueryState();
  const download = useDownload(query);
  return (
    <div className="page">
      <header className="masthead">
        <h1>CrowdMRI Explorer</h1>
        <p className="lede">
          Find and download the image-quality metrics (IQMs) that MRIQC users around the world have
          shared for their T1w, T2w and BOLD scans: choose the scans, the MRIQC versions and any
          other condition, see how many records match, and save them all in this browser.
        </p>
      </header>
      <main>
        <QueryPanel onDownload={download.download} />
        <DownloadPanel download={download} />
      </main>
      <footer className="footer">
        <p>
          Data: the{' '}
          <a href="https://mriqc.readthedocs.io/en/latest/" rel="noreferrer">
            MRIQC
          </a>{' '}
          Web API at <code>mriqc.nimh.nih.gov</code>, crowdsourced from MRIQC runs. Each record
          holds one scan's metrics, its BIDS metadata and the MRIQC version that computed them.
        </p>
      </footer>
    </div>
  );
}
