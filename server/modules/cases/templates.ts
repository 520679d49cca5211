import type { TemplateDefinition } from './template-schemas.ts';

// The case templates TMA ships: the kinds of case a threat management team opens most, each with the first
// steps its handbook would name. An organisation changes them or switches them off (case_templates rows)
// and adds its own. Written in our own words from common practice; they are starting points, not rules.
// They set no tags: tags are an organisation's own vocabulary, in one language.

export const BUILT_IN_TEMPLATES: Readonly<Record<string, TemplateDefinition>> = {
  threat_email: {
    names: { de: 'Drohung per E-Mail oder Brief', en: 'Threat by e-mail or letter' },
    descriptions: {
      de: 'Eine schriftliche Drohung ist eingegangen. Original sichern, Absender eingrenzen, Gefährdung einschätzen.',
      en: 'A written threat has arrived. Secure the original, narrow down the sender, assess the danger.',
    },
    category: 'threat_email',
    tags: [],
    tasks: [
      {
        title: {
          de: 'Original sichern (E-Mail mit Kopfzeilen als .eml, Brief mit Umschlag)',
          en: 'Secure the original (e-mail with headers as .eml, letter with envelope)',
        },
        dueInDays: 0,
      },
      {
        title: { de: 'Erste Gefährdungseinschätzung durchführen', en: 'Carry out a first risk assessment' },
        dueInDays: 1,
      },
      {
        title: {
          de: 'Absender und Anlass eingrenzen (IT-Sicherheit, Vorgesetzte)',
          en: 'Narrow down sender and occasion (IT security, line manager)',
        },
        dueInDays: 3,
      },
    ],
    specialties: ['security', 'labour_law'],
  },
  stalking: {
    names: { de: 'Stalking', en: 'Stalking' },
    descriptions: {
      de: 'Eine beschäftigte Person wird wiederholt verfolgt, belästigt oder kontaktiert. Schutz der betroffenen Person zuerst.',
      en: 'An employee is repeatedly followed, harassed or contacted. Protecting the affected person comes first.',
    },
    category: 'stalking',
    tags: [],
    tasks: [
      {
        title: {
          de: 'Gespräch mit der betroffenen Person: Vorfälle, Sorgen, Schutzbedarf',
          en: 'Talk with the affected person: incidents, worries, need for protection',
        },
        dueInDays: 1,
      },
      {
        title: {
          de: 'Vorfallsprotokoll anlegen und der betroffenen Person erklären',
          en: 'Start an incident log and explain it to the affected person',
        },
        dueInDays: 2,
      },
      {
        title: {
          de: 'Schutzmaßnahmen am Arbeitsplatz prüfen (Zugang, Wege, Erreichbarkeit)',
          en: 'Check protective measures at work (access, routes, contact details)',
        },
        dueInDays: 3,
      },
      {
        title: {
          de: 'Externe Beratungsstellen und Polizei ansprechen',
          en: 'Point to victim support and police',
        },
        dueInDays: 7,
      },
    ],
    specialties: ['security', 'psychology', 'hr'],
  },
  threat_against_manager: {
    names: { de: 'Drohung gegen eine Führungskraft', en: 'Threat against a manager' },
    descriptions: {
      de: 'Eine Führungskraft wurde bedroht, oft nach einer Personalentscheidung. Zeitlichen Zusammenhang und Kränkung prüfen.',
      en: 'A manager was threatened, often after a personnel decision. Look at timing and grievance.',
    },
    category: 'violence',
    tags: [],
    tasks: [
      {
        title: { de: 'Gespräch mit der bedrohten Führungskraft', en: 'Talk with the threatened manager' },
        dueInDays: 0,
      },
      {
        title: {
          de: 'Anstehende Personalentscheidungen und Termine klären',
          en: 'Clarify pending personnel decisions and dates',
        },
        dueInDays: 1,
      },
      {
        title: { de: 'Gefährdungseinschätzung durchführen', en: 'Carry out a risk assessment' },
        dueInDays: 2,
      },
    ],
    specialties: ['labour_law', 'hr', 'security'],
  },
  self_harm: {
    names: { de: 'Selbstgefährdung angekündigt', en: 'Self-harm announced' },
    descriptions: {
      de: 'Eine Person hat angekündigt, sich etwas anzutun. Sofort handeln: Erreichbarkeit klären, Hilfe vermitteln.',
      en: 'Someone has announced harming themselves. Act at once: find out how to reach them, arrange help.',
    },
    category: 'self_harm',
    tags: [],
    tasks: [
      {
        title: {
          de: 'Sofort: Person erreichen, bei akuter Gefahr Notruf (112)',
          en: 'At once: reach the person; in acute danger call emergency services',
        },
        dueInDays: 0,
      },
      {
        title: {
          de: 'Unterstützung vermitteln (Betriebsärztlicher Dienst, Beratung)',
          en: 'Arrange support (occupational health, counselling)',
        },
        dueInDays: 1,
      },
      {
        title: {
          de: 'Nachsorge und Rückkehr an den Arbeitsplatz planen',
          en: 'Plan aftercare and return to work',
        },
        dueInDays: 14,
      },
    ],
    specialties: ['psychology', 'hr'],
  },
};
