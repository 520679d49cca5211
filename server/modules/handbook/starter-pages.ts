import type { HandbookText } from './schemas.ts';

// Starter pages TMA offers an organisation whose handbook is empty, in German and English, written in our
// own words as a frame to adapt: where a report goes first, whom to call, how a case conference runs. They
// live here in code, like the case templates' defaults, and are copied into the organisation's handbook
// when a threat manager or admin asks for them; from then on they are the organisation's pages.

export interface StarterPage {
  slug: string;
  en: HandbookText;
  de: HandbookText;
}

export const STARTER_PAGES: readonly StarterPage[] = [
  {
    slug: 'first-hours-after-a-report',
    en: {
      title: 'The first hours after a report',
      body: `A report of threatening behaviour is looked at **on the day it arrives**. This page says who does what.

## Immediate danger?

If the report speaks of a weapon, a date, a place or a plan, or the reporter fears for someone's life:

1. Call the police (110 / 112) and say what is known.
2. Tell the threat manager on duty (see [emergency contacts](/handbook/emergency-contacts)).
3. Record the call as a note in the case.

## Otherwise

| Step | Who | When |
| --- | --- | --- |
| Read the report, acknowledge it to the reporter | Threat manager on duty | same day |
| Open a case or close the report with a reason | Threat manager on duty | within 2 working days |
| First assessment with the organisation's model | Case owner | within 5 working days |
| Invite the experts the case needs | Case owner | with the first assessment |

Write facts, sources and dates; keep opinions apart and say whose they are.
`,
    },
    de: {
      title: 'Die ersten Stunden nach einer Meldung',
      body: `Eine Meldung über bedrohliches Verhalten wird **am Tag ihres Eingangs** angesehen. Diese Seite sagt, wer was tut.

## Akute Gefahr?

Wenn die Meldung eine Waffe, einen Zeitpunkt, einen Ort oder einen Plan nennt oder die meldende Person um ein Leben fürchtet:

1. Polizei anrufen (110 / 112) und sagen, was bekannt ist.
2. Das diensthabende Bedrohungsmanagement informieren (siehe [Notfallkontakte](/handbook/emergency-contacts)).
3. Den Anruf als Notiz im Fall festhalten.

## Sonst

| Schritt | Wer | Wann |
| --- | --- | --- |
| Meldung lesen, Eingang bestätigen | Diensthabendes Bedrohungsmanagement | am selben Tag |
| Fall eröffnen oder Meldung mit Grund schließen | Diensthabendes Bedrohungsmanagement | binnen 2 Arbeitstagen |
| Erste Einschätzung mit dem Modell der Organisation | Fallverantwortliche Person | binnen 5 Arbeitstagen |
| Benötigte Fachexperten hinzuziehen | Fallverantwortliche Person | mit der ersten Einschätzung |

Tatsachen, Quellen und Daten aufschreiben; Meinungen getrennt halten und sagen, von wem sie stammen.
`,
    },
  },
  {
    slug: 'emergency-contacts',
    en: {
      title: 'Emergency contacts',
      body: `Fill in this table for each site and keep it current. Check it every quarter.

| Who | Name | Phone | Reachable |
| --- | --- | --- | --- |
| Police (emergency) | – | 110 | always |
| Threat manager on duty | | | |
| Site security | | | |
| Works doctor / employee assistance | | | |
| Labour law | | | |
| Data protection officer | | | |
| Works council | | | |

Outside office hours, call the threat manager on duty first; they decide whom else to involve.
`,
    },
    de: {
      title: 'Notfallkontakte',
      body: `Diese Tabelle für jeden Standort ausfüllen und aktuell halten. Vierteljährlich prüfen.

| Wer | Name | Telefon | Erreichbar |
| --- | --- | --- | --- |
| Polizei (Notruf) | – | 110 | immer |
| Diensthabendes Bedrohungsmanagement | | | |
| Werkschutz | | | |
| Betriebsarzt / Mitarbeiterberatung | | | |
| Arbeitsrecht | | | |
| Datenschutzbeauftragte Person | | | |
| Betriebsrat | | | |

Außerhalb der Arbeitszeit zuerst das diensthabende Bedrohungsmanagement anrufen; es entscheidet, wer hinzukommt.
`,
    },
  },
  {
    slug: 'case-conference',
    en: {
      title: 'Case conference',
      body: `A case conference brings the case owner and the experts of a case together to agree on the next steps.

## Before

- The case owner sends the agenda and what each participant should read in TMA.
- Only the case team takes part; invite further experts through the case's team tab.

## During

1. What has happened since the last conference (the case journal).
2. The current assessment and what has changed in it.
3. Measures: what was done, what worked, what is overdue.
4. Next steps, each with an owner and a due date.

## After

Record the decisions as a meeting entry in the case journal, and the new measures and tasks in the case.
Nothing about the case goes into e-mails or this handbook.
`,
    },
    de: {
      title: 'Fallkonferenz',
      body: `Eine Fallkonferenz bringt die fallverantwortliche Person und die Fachexperten eines Falls zusammen, um die nächsten Schritte zu vereinbaren.

## Vorher

- Die fallverantwortliche Person verschickt die Tagesordnung und sagt, was alle vorher in TMA lesen sollten.
- Es nimmt nur das Fallteam teil; weitere Fachexperten werden über den Team-Reiter des Falls eingeladen.

## Währenddessen

1. Was seit der letzten Konferenz geschehen ist (die Fallchronik).
2. Die aktuelle Einschätzung und was sich daran geändert hat.
3. Maßnahmen: was getan wurde, was gewirkt hat, was überfällig ist.
4. Nächste Schritte, jeweils mit verantwortlicher Person und Fälligkeit.

## Danach

Die Entscheidungen als Besprechung in der Fallchronik festhalten, neue Maßnahmen und Aufgaben im Fall anlegen.
Nichts über den Fall gehört in E-Mails oder in dieses Handbuch.
`,
    },
  },
];
