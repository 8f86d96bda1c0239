import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** WCAG 2.0 and 2.1, levels A and AA: what axe checks here. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page as it is and returns its serious and critical violations, one line
 * each ("state: rule-id ×nodes (first target)"); every state's result is printed, so a run's
 * log is the list of states checked.
 */
export async function audit(
  page: Page,
  state: string,
  /** Parts left out of this check, each with the reason in the caller. */
  exclude: string[] = [],
): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  for (const selector of exclude) builder = builder.exclude(selector);
  // label-content-name-mismatch is tagged experimental in axe (off unless asked for); asked for
  // here because a voice-control user says what they see.
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

/** The two window sizes every view is checked at. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
