import { execFileSync } from 'node:child_process';

/** What a build says about itself: shown in the app (footer, About) and carried by exports. */
export interface BuildInfo {
  /** package.json's version. */
  readonly version: string;
  /** When the build ran, ISO 8601 in UTC (SOURCE_DATE_EPOCH pins it for reproducible builds). */
  readonly date: string;
  /**
   * Which build this is: BUILD_ID if set, else the commit (GITHUB_SHA in Actions, else git),
   * else 'local'. Two deployments of one version tell themselves apart by it.
   */
  readonly id: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const MAX_ID = 40;

/** Letters, digits, `.`, `_`, `-` only: the id is shown in the page and may name files. */
function safeId(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_ID);
}

/**
 * The build's version, date and id from its environment (pure: git and the clock are passed in).
 * @example buildInfo({ version: '0.2.0' }, { BUILD_ID: 'pr-12' }, new Date(0), () => null)
 * // { version: '0.2.0', date: '1970-01-01T00:00:00.000Z', id: 'pr-12' }
 */
export function buildInfo(
  pkg: { readonly version: string },
  env: Env,
  now: Date,
  gitCommit: () => string | null,
): BuildInfo {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const date =
    env.SOURCE_DATE_EPOCH?.trim() && Number.isFinite(epoch) ? new Date(epoch * 1000) : now;
  const id =
    safeId(env.BUILD_ID ?? '') ||
    safeId(env.GITHUB_SHA?.slice(0, 7) ?? '') ||
    safeId(gitCommit() ?? '') ||
    'local';
  return { version: pkg.version, date: date.toISOString(), id };
}

/** The checkout's short commit, or null outside git (a Docker build context, a tarball). */
export function readGitCommit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}
