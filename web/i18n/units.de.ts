import type { Messages } from './en.ts';

/** Einheiten: die Seite der Administration (/admin/units) und ihre Dialoge. */
export const unitsDe: Messages['units'] = {
  nav: 'Einheiten',
  title: 'Einheiten',
  intro:
    'Länder oder Geschäftsbereiche mit jeweils eigenem Team. Jede Meldung und jeder Fall gehört zu einer Einheit; das Bedrohungsmanagement arbeitet an den Meldungen und Fällen seiner Einheiten und ihrer Untereinheiten.',
  newUnit: 'Neue Einheit …',
  noDeletion:
    'Eine Einheit lässt sich nicht löschen: Meldungen und Fälle gehören zu ihr. Benennen Sie sie stattdessen um oder verschieben Sie sie an eine andere Stelle.',
  loading: 'Die Einheiten werden geladen …',
  loadError: 'Die Einheiten konnten nicht geladen werden: {{message}}',
  empty:
    'Es gibt noch keine Einheiten. Legen Sie die erste an: Das Meldeportal braucht eine Einheit, die Meldungen empfängt.',
  treeLabel: 'Einheiten der Organisation',
  allUnits: 'alle Einheiten',
  generalLink: 'Link zum Portal für alle Einheiten (die meldende Person wählt die Einheit):',
  unit: {
    slug: 'Kürzel',
    members_one: '{{count}} Mitglied',
    members_other: '{{count}} Mitglieder',
    onDuty: 'Bereitschaft: {{names}}',
    onDutyEveryone: 'Bereitschaft: das gesamte Bedrohungsmanagement der Einheit',
    portalLink: 'Link zum Portal',
    newTab: 'Öffnet in einem neuen Tab',
    copy: 'Link kopieren',
    copied: 'Kopiert',
    showMembers: 'Mitglieder',
    showMembersLabel: 'Mitglieder von {{name}}',
    rename: 'Umbenennen',
    renameLabel: '{{name}} umbenennen',
    move: 'Verschieben',
    moveLabel: '{{name}} verschieben',
  },
  form: {
    name: 'Name',
    nameDescription: 'So sehen meldende Personen und das Team sie, z. B. „Deutschland“ oder „Logistik“.',
    slug: 'Kürzel',
    slugDescription:
      'Teil des Links zum Portal: Kleinbuchstaben, Ziffern und Bindestriche. Es lässt sich später nicht ändern, damit verteilte Links gültig bleiben.',
    slugInvalid:
      'Verwenden Sie 1 bis 40 Kleinbuchstaben, Ziffern und Bindestriche (nicht am Anfang oder Ende).',
    parent: 'Übergeordnete Einheit',
    parentDescription:
      'Einheiten lassen sich eine Ebene tief schachteln: Übergeordnet ist immer eine Einheit der obersten Ebene.',
    topLevel: 'Keine (Einheit der obersten Ebene)',
    required: 'Bitte ausfüllen.',
  },
  create: {
    title: 'Neue Einheit',
    submit: 'Einheit anlegen',
    done: '{{name}} wurde angelegt.',
  },
  rename: {
    title: '{{name}} umbenennen',
    intro: 'Das Kürzel und der Link zum Portal bleiben, wie sie sind.',
    submit: 'Umbenennen',
    done: '{{old}} heißt jetzt {{name}}.',
  },
  move: {
    title: '{{name}} verschieben',
    intro:
      'Das Bedrohungsmanagement der neuen übergeordneten Einheit sieht dann die Meldungen und Fälle dieser Einheit; das der bisherigen nicht mehr (es sei denn, es sieht alle Einheiten).',
    newParent: 'Neue übergeordnete Einheit',
    current: '{{name}} (bisher)',
    hasChildren:
      '{{name}} hat Untereinheiten und bleibt deshalb auf der obersten Ebene. Verschieben Sie zuerst die Untereinheiten.',
    noTargets: 'Es gibt keine andere Einheit der obersten Ebene, unter die sie sich verschieben ließe.',
    submit: 'Einheit verschieben',
    doneUnder: '{{name}} ist jetzt eine Untereinheit von {{parent}}.',
    doneTop: '{{name}} ist jetzt eine Einheit der obersten Ebene.',
  },
  members: {
    title: 'Mitglieder von {{name}}',
    intro:
      'Personen, die dieser Einheit zugeordnet sind. Das Bedrohungsmanagement einer übergeordneten Einheit sieht auch deren Untereinheiten; Administratorinnen und Administratoren sowie ein Bedrohungsmanagement, das alle Einheiten sieht, sehen sie auch ohne Eintrag hier.',
    loading: 'Die Mitglieder werden geladen …',
    empty: 'Zu dieser Einheit gehört noch niemand.',
    listLabel: 'Mitglieder',
    tenantWide: 'sieht alle Einheiten',
    manage: 'Wer zu welcher Einheit gehört, ändern Sie auf der Seite „Benutzer“',
    close: 'Schließen',
  },
  status: {
    active: 'Aktiv',
    invited: 'Eingeladen',
    deactivated: 'Deaktiviert',
  },
  errors: {
    unit_exists: 'Es gibt schon eine Einheit mit diesem Kürzel. Wählen Sie ein anderes.',
    unit_slug_reserved: 'Dieses Kürzel verwendet das Meldeportal selbst. Wählen Sie ein anderes.',
    unit_cycle: 'Eine Einheit lässt sich nicht unter sich selbst oder eine ihrer Untereinheiten verschieben.',
    unit_too_deep:
      'Einheiten lassen sich nur eine Ebene tief schachteln: Wählen Sie eine Einheit der obersten Ebene als übergeordnete.',
    unit_has_children: 'Diese Einheit hat Untereinheiten und bleibt deshalb auf der obersten Ebene.',
    unit_parent_not_found: 'Die übergeordnete Einheit gibt es nicht mehr. Laden Sie die Seite neu.',
    unit_not_found: 'Diese Einheit gibt es nicht mehr. Laden Sie die Seite neu.',
  },
};
