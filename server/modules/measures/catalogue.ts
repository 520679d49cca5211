import type { MeasureTypeDefinition } from './type-schemas.ts';

// The measure types TMA ships: what threat management teams most often do to defuse a situation, in our
// own words from common practice. An organisation changes them, links each to its handbook page (the
// playbook), switches them off (measure_types rows) and adds its own. `specialty` names the expert who
// usually carries the measure out or advises on it; it is a suggestion when planning, not a rule.

export const BUILT_IN_MEASURE_TYPES: Readonly<Record<string, MeasureTypeDefinition>> = {
  talk_person_of_concern: {
    names: {
      de: 'Gespräch mit der Person, von der die Sorge ausgeht',
      en: 'Conversation with the person of concern',
    },
    descriptions: {
      de: 'Ein vorbereitetes Gespräch: Verhalten klar benennen, Grenzen setzen, Anliegen und Kränkungen hören, Unterstützung anbieten.',
      en: 'A prepared conversation: name the behaviour clearly, set limits, hear concerns and grievances, offer support.',
    },
    playbookPageId: null,
    specialty: 'psychology',
  },
  talk_with_manager: {
    names: { de: 'Klärungsgespräch mit der Führungskraft', en: 'Clarifying talk with a manager' },
    descriptions: {
      de: 'Mit der zuständigen Führungskraft Lage, Vorgeschichte und anstehende Entscheidungen klären und das weitere Vorgehen abstimmen.',
      en: 'Clarify the situation, its history and pending decisions with the responsible manager and agree on next steps.',
    },
    playbookPageId: null,
    specialty: 'hr',
  },
  labour_law_measure: {
    names: {
      de: 'Arbeitsrechtliche Maßnahme (z. B. Abmahnung)',
      en: 'Labour-law measure (e.g. warning letter)',
    },
    descriptions: {
      de: 'Abmahnung, Versetzung, Freistellung oder Kündigung prüfen und umsetzen, mit Arbeitsrecht und Betriebsrat.',
      en: 'Consider and carry out a warning letter, transfer, leave of absence or dismissal, with labour law and the works council.',
    },
    playbookPageId: null,
    specialty: 'labour_law',
  },
  access_restriction: {
    names: { de: 'Zutrittsbeschränkung oder Hausverbot', en: 'Access restriction or house ban' },
    descriptions: {
      de: 'Zutrittsrechte, Ausweise und Systemzugänge einschränken oder ein Hausverbot aussprechen; Empfang und Werkschutz informieren.',
      en: 'Restrict access rights, badges and system access or issue a house ban; inform reception and site security.',
    },
    playbookPageId: null,
    specialty: 'security',
  },
  protect_affected: {
    names: {
      de: 'Schutz und Unterstützung betroffener Personen',
      en: 'Protection and support for affected persons',
    },
    descriptions: {
      de: 'Mit den Betroffenen Schutzbedarf klären: Arbeitsplatz, Wege, Erreichbarkeit, Begleitung, Beratungsstellen.',
      en: 'Agree on protection with the affected persons: workplace, routes, contact details, escort, support services.',
    },
    playbookPageId: null,
    specialty: 'security',
  },
  support_offer: {
    names: {
      de: 'Beratungs- oder psychologisches Unterstützungsangebot',
      en: 'Employee assistance or psychological support offer',
    },
    descriptions: {
      de: 'Der Person (oder Betroffenen) Beratung, Mitarbeiterunterstützung oder psychologische Hilfe anbieten und vermitteln.',
      en: 'Offer and arrange counselling, employee assistance or psychological help for the person (or those affected).',
    },
    playbookPageId: null,
    specialty: 'psychology',
  },
  involve_police: {
    names: { de: 'Polizei oder externe Stellen einbeziehen', en: 'Involvement of police or external bodies' },
    descriptions: {
      de: 'Polizei, Beratungsstellen oder Behörden einbeziehen; abstimmen, welche Informationen weitergegeben werden dürfen.',
      en: 'Involve the police, support services or authorities; agree which information may be passed on.',
    },
    playbookPageId: null,
    specialty: 'data_protection',
  },
  monitoring: {
    names: { de: 'Beobachtung der Lage', en: 'Monitoring of the situation' },
    descriptions: {
      de: 'Die Lage für einen festgelegten Zeitraum beobachten: Ansprechpersonen, Warnsignale und wann neu eingeschätzt wird.',
      en: 'Watch the situation for a set period: contact people, warning signs and when to re-assess.',
    },
    playbookPageId: null,
    specialty: null,
  },
};
