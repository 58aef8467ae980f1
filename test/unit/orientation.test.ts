import { describe, expect, it } from 'vitest';
import { orientationOn } from '../../lib/domain/measure.js';
import { policies } from '../../lib/domain/policies.js';
import { recordRenewal } from '../../lib/domain/renewal.js';
import { activeMeasure, on, withBilan } from '../support/measures.js';

describe('the orientation of a measure on a given day', () => {
  it('is the decision’s until a renewal changes it, then the renewal’s from the day it was decided', () => {
    const active = activeMeasure('meuse');
    const bilan = withBilan(active, 'meuse', '2026-04-02');
    const renewed = recordRenewal(
      bilan,
      { decidedOn: '2026-04-03', months: 3, orientation: 'acces' },
      policies.meuse,
      on('2026-04-03', 'r-1'),
    ).measure;
    expect(renewed.orientation).toBe('acces');
    expect(renewed.initialOrientation).toBe('maintien');
    expect(orientationOn(renewed, '2026-04-02')).toBe('maintien');
    expect(orientationOn(renewed, '2026-04-03')).toBe('acces');
  });

  it('falls back on the current orientation for a measure opened before the decision’s was kept', () => {
    const { initialOrientation: _kept, ...older } = activeMeasure('meuse');
    expect(orientationOn(older, '2026-02-01')).toBe('maintien');
  });
});
