import { APP_VERSION, BUILD_ID, buildDay } from '../../lib/app-version.ts';

/** The footer's line: which version this is, and the way to About / How to cite. */
export function VersionNote({ onAbout }: { onAbout: () => void }) {
  return (
    <p className="version-note">
      CrowdMRI Explorer {APP_VERSION} · built {buildDay()} · build {BUILD_ID} ·{' '}
      <button type="button" className="link-button" onClick={onAbout}>
        About &amp; how to cite
      </button>
    </p>
  );
}
