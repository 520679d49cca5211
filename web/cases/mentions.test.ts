import { describe, expect, it } from 'vitest';
import { insertMention, mentionedIn, mentionMatches, mentionQueryAt } from './mentions.ts';

const team = [
  { id: '1', name: 'Eva Roth' },
  { id: '2', name: 'Hans Weber' },
  { id: '3', name: 'Tom Berger' },
];

describe('mentionQueryAt', () => {
  it('finds the name typed after an "@" at the start or after a space', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQueryAt('Please ask @Ev', 14)).toEqual({ start: 11, query: 'Ev' });
    expect(mentionQueryAt('Please ask @Eva R', 17)).toEqual({ start: 11, query: 'Eva R' });
    expect(mentionQueryAt('(@Hans', 6)).toEqual({ start: 1, query: 'Hans' });
  });

  it('ignores e-mail addresses, finished lines and a caret elsewhere', () => {
    expect(mentionQueryAt('mail eva@acme.example', 21)).toBeNull();
    expect(mentionQueryAt('@Eva\nnext', 9)).toBeNull();
    expect(mentionQueryAt('@Eva and more', 0)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
  });
});

describe('mentionMatches', () => {
  it('offers everyone for a bare "@", and those with a word starting so otherwise', () => {
    expect(mentionMatches(team, '')).toHaveLength(3);
    expect(mentionMatches(team, 'we').map((p) => p.name)).toEqual(['Hans Weber']);
    expect(mentionMatches(team, 'eva r').map((p) => p.name)).toEqual(['Eva Roth']);
    expect(mentionMatches(team, 'x')).toEqual([]);
  });
});

describe('insertMention and mentionedIn', () => {
  it('writes the full name and moves the caret behind it', () => {
    const text = 'Ask @ev about it';
    const { text: next, caret } = insertMention(text, 4, 7, 'Eva Roth');
    expect(next).toBe('Ask @Eva Roth about it');
    expect(caret).toBe(13);
    expect(insertMention('@ev', 0, 3, 'Eva Roth')).toEqual({ text: '@Eva Roth ', caret: 10 });
    expect(mentionedIn(next, team).map((p) => p.id)).toEqual(['1']);
    expect(mentionedIn('Ask Eva Roth', team)).toEqual([]);
  });
});
