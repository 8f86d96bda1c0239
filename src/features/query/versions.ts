import { tags as versionTags } from '../../data/versions.json';

export interface VersionOption {
  version: string;
  /** Release candidates, alphas and dev builds: hidden unless asked for or selected. */
  preRelease: boolean;
  /** "Aug 2024", or '' when the version is not a known release (a git SHA, a dev build). */
  released: string;
}

interface Tag {
  tag: string;
  kind: string;
  date: string;
}

const MONTH = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * Every MRIQC release tag, newest first (by tag date; ties keep the file's order reversed).
 * @example RELEASES[0] // {version: '25.0.0rc0', preRelease: true, released: 'Jan 2025'}
 */
export const RELEASES: readonly VersionOption[] = sortReleases(versionTags);

export function sortReleases(tags: readonly Tag[]): VersionOption[] {
  return tags
    .map((tag, index) => ({ tag, index }))
    .sort((a, b) => b.tag.date.localeCompare(a.tag.date) || b.index - a.index)
    .map(({ tag }) => ({
      version: tag.tag,
      preRelease: tag.kind === 'pre-release',
      released: MONTH.format(new Date(`${tag.date}T00:00:00Z`)),
    }));
}

/**
 * What the Versions list shows: versions that are not releases first (free text, such as a git
 * SHA: the selected ones and any the user typed earlier, so unticking one does not make it
 * vanish), then releases newest first; pre-releases only when asked for or selected, so a
 * ticked box never disappears.
 * @example visibleVersions(RELEASES, ['abc123'], false)[0] // {version: 'abc123', preRelease: false, released: ''}
 */
export function visibleVersions(
  releases: readonly VersionOption[],
  selected: readonly string[],
  showPreReleases: boolean,
  remembered: readonly string[] = [],
): VersionOption[] {
  const known = new Set(releases.map((option) => option.version));
  const chosen = new Set(selected);
  const others = [...new Set([...remembered, ...selected])]
    .filter((version) => !known.has(version))
    .map((version) => ({ version, preRelease: false, released: '' }));
  const shown = releases.filter(
    (option) => showPreReleases || !option.preRelease || chosen.has(option.version),
  );
  return [...others, ...shown];
}
