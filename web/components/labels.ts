import type { TFunction } from 'i18next';
import { isSpecialty, type Role } from '../api/auth.ts';

/** The role in words, in the interface language. */
export function roleLabel(t: TFunction, role: Role): string {
  return t(`roles.${role}`);
}

/** The specialty in words; a specialty this version of the app does not know yet is shown as it is. */
export function specialtyLabel(t: TFunction, specialty: string): string {
  return isSpecialty(specialty) ? t(`specialties.${specialty}`) : specialty;
}
