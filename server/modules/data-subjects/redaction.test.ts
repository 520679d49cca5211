import { describe, expect, it } from 'vitest';
import { nameMatches, Redactor, RoleLabels } from './redaction.ts';

describe('redaction of other people', () => {
  it('replaces every word of another name, folded as the blind index folds, and keeps the subject', () => {
    const redactor = new Redactor(['xaver', 'mueller']);
    redactor.add('Witness A', 'Jörg Ößwald', ['joerg@example.org', '+49 30 1234']);
    redactor.add('Reporter A', 'Petra Müller');
    expect(
      redactor.text('JOERG Oesswald (joerg@example.org, +49 30 1234) sah Xaver Müller; Petra meldete es.'),
    ).toBe('[Witness A] ([Witness A]) sah Xaver Müller; [Reporter A] meldete es.');
    expect(redactor.mentionsOthers('Jörg kam')).toBe(true);
  });

  it('passes text unchanged when names are included', () => {
    const redactor = new Redactor(['xaver'], false);
    redactor.add('Witness A', 'Jörg');
    expect(redactor.text('Jörg')).toBe('Jörg');
  });

  it('labels per role and matches names by all their words', () => {
    const labels = new RoleLabels();
    expect([labels.next('witness'), labels.next('witness'), labels.next('reporter')]).toEqual([
      'Witness A',
      'Witness B',
      'Reporter A',
    ]);
    expect(nameMatches('QUELLMANN, Xaver', ['xaver', 'quellmann'])).toBe(true);
    expect(nameMatches('Xaver Anders', ['xaver', 'quellmann'])).toBe(false);
  });
});
