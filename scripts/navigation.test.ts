import { describe, expect, it } from 'vitest';
import { servesAppShell } from './navigation.ts';

describe('servesAppShell', () => {
  it('opens the app for its own addresses, whatever API their query names', () => {
    expect(servesAppShell('/crowdmri/')).toBe(true);
    expect(
      servesAppShell('/crowdmri/?source=http://127.0.0.1:5174/api/v1&modality=T1w&software=mriqc'),
    ).toBe(true);
    expect(servesAppShell('/lab/?source=https%3A%2F%2Fmriqc.nimh.nih.gov%2Fapi%2Fv1')).toBe(true);
    expect(servesAppShell('/lab/?view=charts&x=/__mirror/')).toBe(true);
  });

  it('leaves API and mirror paths on the same host to the network', () => {
    expect(servesAppShell('/api/v1/T1w?max_results=1')).toBe(false);
    expect(servesAppShell('/lab/api/v1/bold')).toBe(false);
    expect(servesAppShell('/__mirror/stats')).toBe(false);
  });
});
