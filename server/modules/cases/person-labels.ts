// What a list shows of a case person instead of a name: their role in the case and a pseudonym
// ("Person A"), numbered per case. Used by the persons and by the journal entries about them.

export const PERSON_ROLES = ['person_of_concern', 'affected_person', 'witness', 'reporter', 'other'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** "Person A" … "Person Z", "Person AA" … */
export function pseudonymOf(number: number): string {
  let letters = '';
  for (let n = number; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `Person ${letters}`;
}
