import { useState } from 'react';
import { APP_VERSION, BUILD_DATE, BUILD_ID, buildDay } from '../../lib/app-version.ts';
import { type Citation, citationText, MRIQC_PAPER, WEB_API_PAPER } from './citation.ts';
import './about.css';

/** What the data is, who runs the API, how to cite it, and what this app keeps where. */
export function AboutView() {
  return (
    <article className="about" aria-labelledby="about-title">
      <h2 id="about-title">About CrowdMRI Explorer</h2>
      <p className="about-version">
        Version <strong data-testid="app-version">{APP_VERSION}</strong>, built{' '}
        <time dateTime={BUILD_DATE}>{buildDay()}</time> (build{' '}
        <code data-testid="build-id">{BUILD_ID}</code>). <OfflineState />
      </p>

      <h3>The MRIQC Web API</h3>
      <p>
        <a href="https://mriqc.readthedocs.io/" rel="noreferrer">
          MRIQC
        </a>{' '}
        computes image-quality metrics (IQMs) of T1w, T2w and BOLD MRI scans. Unless its user turns
        it off (<code>--no-sub</code>), MRIQC uploads each scan's IQMs to the{' '}
        <strong>MRIQC Web API</strong> at <code>mriqc.nimh.nih.gov</code>: no images, only the
        metrics, the scan's acquisition metadata (BIDS fields, subject and session names replaced by
        hashes) and the MRIQC version. This open, crowdsourced database is run by the Data Science
        and Sharing Team of the US National Institute of Mental Health (NIMH) with the MRIQC
        authors; its server is open source (
        <a href="https://github.com/nipreps/mriqcwebapi" rel="noreferrer">
          nipreps/mriqcwebapi
        </a>
        ). CrowdMRI Explorer is a separate project: it reads the API as any client may.
      </p>

      <h3>How to cite</h3>
      <p>If you use records from the MRIQC Web API, cite the paper that describes it:</p>
      <CitationBlock citation={WEB_API_PAPER} label="Web API paper" />
      <p>and, for the metrics themselves, MRIQC:</p>
      <CitationBlock citation={MRIQC_PAPER} label="MRIQC paper" />
      <p>
        Say when you downloaded the records and with which version of this app: every export's file
        name carries it (<code>crowdmri-v{APP_VERSION}_…</code>).
      </p>

      <h3>What this app stores, and where</h3>
      <ul>
        <li>
          <strong>Only in this browser, on this computer.</strong> The records you download, the
          state of unfinished downloads and field filters too long for the address are kept in this
          site's browser storage (IndexedDB). The app's own files are kept too, so it opens without
          a network.
        </li>
        <li>
          <strong>Nothing is uploaded.</strong> The app sends the data source only the requests for
          records (the modality, versions and filter you chose). A group file you open in Compare is
          read in this browser and never leaves it. No account, no cookies, no analytics.
        </li>
      </ul>

      <h3>How to clear it</h3>
      <ul>
        <li>One dataset: the Datasets tab → Delete.</li>
        <li>
          Everything: clear this site's data in the browser (site settings, often under the icon
          left of the address: “Delete data” or “Clear cookies and site data”). That removes the
          datasets, the offline copy of the app and its service worker; the next visit starts
          afresh.
        </li>
      </ul>

      <h3>Synthetic data from the local mirror</h3>
      <p>
        The local mirror (<code>npm start</code>, and every test) answers like the MRIQC Web API but
        serves <strong>synthetic records</strong> from a seeded generator, shaped like real uploads.
        They are not real scans: do not use them for research. The app labels them as synthetic
        wherever the mirror is the source.
      </p>

      <h3>Offline and updates</h3>
      <p>
        After one visit with a network, the app opens without one and works on the datasets saved
        here; downloads wait for the network. When a new version is published, a notice offers to
        reload into it; nothing changes until you accept.
      </p>
    </article>
  );
}

function OfflineState() {
  const controlled =
    typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller);
  return controlled ? (
    <span>This version is saved for offline use.</span>
  ) : (
    <span>Not saved for offline use yet: it is, in the background, after this first visit.</span>
  );
}

function CitationBlock({ citation, label }: { citation: Citation; label: string }) {
  const [copied, setCopied] = useState<'text' | 'bibtex' | 'failed' | null>(null);
  const copy = async (what: 'text' | 'bibtex') => {
    try {
      await navigator.clipboard.writeText(
        what === 'text' ? citationText(citation) : citation.bibtex,
      );
      setCopied(what);
    } catch {
      setCopied('failed');
    }
  };
  return (
    <figure className="citation" aria-label={label}>
      <blockquote>
        {citation.authors}. <cite>{citation.title}</cite>. {citation.journal} {citation.where} (
        {citation.year}).{' '}
        <a href={`https://doi.org/${citation.doi}`} rel="noreferrer">
          doi:{citation.doi}
        </a>
      </blockquote>
      <details>
        <summary>BibTeX</summary>
        <pre>{citation.bibtex}</pre>
      </details>
      <div className="citation-actions">
        <button type="button" className="secondary" onClick={() => void copy('text')}>
          Copy citation
        </button>
        <button type="button" className="secondary" onClick={() => void copy('bibtex')}>
          Copy BibTeX
        </button>
        <span role="status">
          {copied === 'failed'
            ? 'This browser did not allow copying: select the text instead.'
            : copied
              ? 'Copied.'
              : ''}
        </span>
      </div>
    </figure>
  );
}
