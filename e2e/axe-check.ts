import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA, as e2e/accessibility.spec.ts checks them. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/**
 * axe's serious and critical violations on the page as it is, one line each, and the state's
 * result printed (the run's log lists the states checked). The same rules as
 * e2e/accessibility.spec.ts, label-content-name-mismatch included.
 */
export async function axeProblems(
  page: Page,
  state: string,
  /** Parts left out of this check, each with the reason in the caller. */
  exclude: string[] = [],
): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder
    .withTags(TAGS)
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .analyze();
  const found = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${state}: ${v.id} ×${v.nodes.length} (${v.nodes[0]?.target.join(' ')})`);
  console.log(
    `axe ${state}: ${found.length === 0 ? 'no serious or critical violations' : found.join('; ')}`,
  );
  return found;
}
