import type { StarterPage } from './starter-pages.ts';

// Playbooks for TMA's built-in measure types (measures/catalogue.ts), one handbook page each, in German and
// English, written in our own words from common threat management practice: what the measure is for, when
// it fits and when not, how to prepare and carry it out, who takes part, what to record in TMA, pitfalls and
// follow-up. They are added with the starter pages and linked to their measure type, where the organisation
// has not linked a playbook of its own; from then on they are the organisation's pages to adapt. They give
// no legal advice: what the law requires in a case is for the organisation's labour law and data protection
// experts to judge.

export interface PlaybookPage extends StarterPage {
  /** The key of the built-in measure type this page is the playbook of. */
  measureType: string;
}

export const PLAYBOOK_PAGES: readonly PlaybookPage[] = [
  {
    slug: 'playbook-talk-person-of-concern',
    measureType: 'talk_person_of_concern',
    en: {
      title: 'Playbook: Conversation with the person of concern',
      body: `A prepared conversation with the person whose behaviour caused concern. It has two aims that belong together: to make clear that the behaviour was noticed and where the limit lies, and to understand what drives the person — a grievance, a crisis, a conflict — so that the case can be steered. Done well, it often defuses a situation; done badly, it humiliates and can escalate it.

## When it fits

- The behaviour is known and can be named concretely: what, when, towards whom.
- The assessment sees no imminent danger, and the affected persons are protected for the days after the talk.
- The organisation has something to offer or decide: support, a clear process, a change at work.

## When not (yet)

- Signs of imminent violence: call the police first (see [emergency contacts](/handbook/emergency-contacts)).
- The talk would expose a reporter who must stay protected, or warn the person before evidence is secured.
- The person is in an acute mental crisis: involve medical or psychological help instead.

## Preparation

- [ ] Agree the goal and two or three key messages in the case team; decide what will *not* be discussed.
- [ ] Two people lead the talk (e.g. HR with a psychology or security expert): one speaks, one takes notes.
- [ ] Choose a quiet room where both sides can leave freely; security is briefed and nearby, not in the room.
- [ ] Tell the affected persons beforehand and plan their protection for the following days.
- [ ] Prepare what follows: support offers, the next step if the behaviour continues, and whether labour law needs a record of the talk.
- [ ] Ask labour law whether the person may bring someone (e.g. a works council member) and how to invite them.

## In the conversation

1. Open calmly: who you are, why you are talking.
2. Name the behaviour as facts, without judging the person.
3. Listen. Let the person give their view and their grievances; ask open questions.
4. State the limit and what follows if it is crossed — only consequences the organisation will really take.
5. Offer support and a contact person; agree what happens next.
6. End respectfully, never with humiliation or threats.

## Record in TMA

- **Description**: goal, participants, date, the agreed messages.
- **Notes**: what was said and how the person reacted (calm, remorseful, angry, fixated, blaming others), quoted where it matters and kept apart from your interpretation.
- **Outcome**: what was agreed and what changed; rate the effectiveness honestly — *too early to tell* is often right.

## Pitfalls

- Confronting the person with everything at once, or with rumours.
- Promising confidentiality or outcomes you cannot keep.
- Letting the person leave alone and upset: someone should know how they got home.

## Follow-up

The reaction is new information: re-assess the case after the talk. Watch the next days closely (measure *Monitoring of the situation*) and tell the affected persons what they need to know.
`,
    },
    de: {
      title: 'Leitfaden: Gespräch mit der Person, von der die Sorge ausgeht',
      body: `Ein vorbereitetes Gespräch mit der Person, deren Verhalten Sorge ausgelöst hat (oft „Gefährderansprache“ genannt). Es verfolgt zwei Ziele, die zusammengehören: deutlich machen, dass das Verhalten bemerkt wurde und wo die Grenze liegt, und verstehen, was die Person antreibt — eine Kränkung, eine Krise, ein Konflikt —, damit der Fall gesteuert werden kann. Gut geführt entschärft es viele Lagen; schlecht geführt beschämt es und kann sie verschärfen.

## Wann es passt

- Das Verhalten ist bekannt und lässt sich konkret benennen: was, wann, gegenüber wem.
- Die Einschätzung sieht keine akute Gefahr, und die Betroffenen sind für die Tage nach dem Gespräch geschützt.
- Die Organisation hat etwas anzubieten oder zu entscheiden: Unterstützung, ein klares Verfahren, eine Veränderung am Arbeitsplatz.

## Wann (noch) nicht

- Anzeichen akuter Gewalt: zuerst die Polizei rufen (siehe [Notfallkontakte](/handbook/emergency-contacts)).
- Das Gespräch würde eine schutzbedürftige meldende Person offenlegen oder die Person warnen, bevor Beweise gesichert sind.
- Die Person ist in einer akuten psychischen Krise: stattdessen ärztliche oder psychologische Hilfe einbeziehen.

## Vorbereitung

- [ ] Legen Sie im Fallteam das Ziel und zwei, drei Kernbotschaften fest; klären Sie, was *nicht* besprochen wird.
- [ ] Zwei Personen führen das Gespräch (z. B. Personalabteilung mit einer Fachperson für Psychologie oder Sicherheit): eine spricht, eine schreibt mit.
- [ ] Wählen Sie einen ruhigen Raum, den beide Seiten ungehindert verlassen können; der Werkschutz ist informiert und in der Nähe, aber nicht im Raum.
- [ ] Informieren Sie die Betroffenen vorher und planen Sie ihren Schutz für die folgenden Tage.
- [ ] Bereiten Sie vor, was folgt: Unterstützungsangebote, den nächsten Schritt, falls das Verhalten anhält, und ob das Arbeitsrecht ein Protokoll des Gesprächs braucht.
- [ ] Klären Sie mit dem Arbeitsrecht, ob die Person jemanden mitbringen darf (z. B. ein Betriebsratsmitglied) und wie sie eingeladen wird.

## Im Gespräch

1. Ruhig beginnen: wer Sie sind, warum Sie das Gespräch führen.
2. Das Verhalten als Tatsachen benennen, ohne die Person abzuwerten.
3. Zuhören. Die Person ihre Sicht und ihre Kränkungen schildern lassen; offene Fragen stellen.
4. Die Grenze benennen und was folgt, wenn sie überschritten wird — nur Konsequenzen, die die Organisation wirklich zieht.
5. Unterstützung und eine Ansprechperson anbieten; vereinbaren, wie es weitergeht.
6. Respektvoll abschließen, nie mit Bloßstellung oder Drohungen.

## In TMA festhalten

- **Was genau geschieht**: Ziel, Beteiligte, Termin, die vereinbarten Botschaften.
- **Notizen**: was gesagt wurde und wie die Person reagierte (ruhig, einsichtig, wütend, fixiert, andere beschuldigend), wo es darauf ankommt wörtlich, getrennt von Ihrer Deutung.
- **Ergebnis**: was vereinbart wurde und was sich geändert hat; bewerten Sie die Wirksamkeit ehrlich — *Noch nicht beurteilbar* ist oft die richtige Wahl.

## Stolpersteine

- Die Person mit allem auf einmal oder mit Gerüchten konfrontieren.
- Vertraulichkeit oder Ergebnisse versprechen, die Sie nicht halten können.
- Die Person aufgewühlt allein gehen lassen: Jemand sollte wissen, wie sie nach Hause gekommen ist.

## Nachbereitung

Die Reaktion ist eine neue Information: Schätzen Sie den Fall nach dem Gespräch neu ein. Beobachten Sie die nächsten Tage genau (Maßnahme *Beobachtung der Lage*) und sagen Sie den Betroffenen, was sie wissen müssen.
`,
    },
  },
  {
    slug: 'playbook-talk-with-manager',
    measureType: 'talk_with_manager',
    en: {
      title: 'Playbook: Clarifying talk with a manager',
      body: `The manager of the person of concern (or of the affected persons) often knows the history best: how a conflict grew, what is about to be decided, how the person has changed. This talk collects that knowledge and agrees what the manager does — and does not do — from now on.

## When it fits

- Early in a case, to complete the picture for the first assessment.
- Before decisions at work that could act as triggers: an appraisal, a transfer, a reorganisation, the end of a contract.
- When the manager raised the concern, or needs guidance on how to behave.

## When not

- The manager is part of the conflict (the grievance is directed at them, or they are affected): then they are an affected person or a source, and need the frame of *Protection and support for affected persons*.
- Only to pass on news: if nothing needs clarifying, a short call by the case owner is enough.

## Preparation

- Decide what the manager needs to know. The reporter's identity, health information and the assessment stay in the case.
- Prepare questions: since when, what exactly, what has changed, which conflicts, what is pending (appraisals, warnings, restructuring, leave, end of contract), who else is involved.
- Decide who leads: usually the case owner or HR.

## Steps

1. Explain the role of threat management: to prevent escalation, not to establish guilt.
2. Ask for observations — facts with dates — and keep them apart from opinions and hearsay.
3. Ask about pending decisions and their dates; note which of them could hurt or shame the person.
4. Agree how the manager behaves from now on (see the table) and whom they report to.
5. Agree when you talk again.

| The manager does | The manager does not |
| --- | --- |
| treat the person correctly and as usual | confront the person with the report |
| report new observations at once to the case owner | investigate on their own |
| agree work decisions about the person with the case team first | announce measures on their own |
| keep the talk confidential | discuss the case with the team or by e-mail |

## Record in TMA

- **Description**: whom you talk to, why, with which questions.
- **Notes**: the observations with dates and sources; pending decisions (also as tasks or due days in the case).
- **Outcome**: what was agreed with the manager; whether the picture changes the assessment.

## Pitfalls

- Handing the manager the whole file: share only what they need to act.
- Leaving the manager alone with a difficult person: tell them whom to call, also out of hours.
- Pending decisions going ahead unchanged because nobody told the case team their date.

## Follow-up

Update the assessment with what you learned. Put pending decisions into the plan as dates to prepare for, and speak with the manager again before each of them.
`,
    },
    de: {
      title: 'Leitfaden: Klärungsgespräch mit der Führungskraft',
      body: `Die Führungskraft der Person, von der die Sorge ausgeht (oder der Betroffenen), kennt die Vorgeschichte oft am besten: wie ein Konflikt gewachsen ist, was demnächst entschieden wird, wie sich die Person verändert hat. Das Gespräch sammelt dieses Wissen und vereinbart, was die Führungskraft von nun an tut — und was nicht.

## Wann es passt

- Früh im Fall, um das Bild für die erste Einschätzung zu vervollständigen.
- Vor Entscheidungen am Arbeitsplatz, die als Auslöser wirken können: Beurteilung, Versetzung, Umstrukturierung, Vertragsende.
- Wenn die Führungskraft die Sorge gemeldet hat oder Rat braucht, wie sie sich verhalten soll.

## Wann nicht

- Die Führungskraft ist Teil des Konflikts (die Kränkung richtet sich gegen sie, oder sie ist selbst betroffen): Dann ist sie betroffene Person oder Quelle, und es gilt der Rahmen von *Schutz und Unterstützung betroffener Personen*.
- Nur um etwas mitzuteilen: Wenn nichts zu klären ist, genügt ein kurzer Anruf der fallverantwortlichen Person.

## Vorbereitung

- Legen Sie fest, was die Führungskraft wissen muss. Die Identität der meldenden Person, Gesundheitsangaben und die Einschätzung bleiben im Fall.
- Bereiten Sie Fragen vor: seit wann, was genau, was hat sich verändert, welche Konflikte, was steht an (Beurteilungen, Abmahnungen, Umstrukturierung, Urlaub, Vertragsende), wer ist noch beteiligt.
- Klären Sie, wer das Gespräch führt: meist die fallverantwortliche Person oder die Personalabteilung.

## Ablauf

1. Die Rolle des Bedrohungsmanagements erklären: eine Eskalation verhindern, nicht Schuld feststellen.
2. Nach Beobachtungen fragen — Tatsachen mit Datum — und sie von Meinungen und Hörensagen trennen.
3. Nach anstehenden Entscheidungen und ihren Terminen fragen; festhalten, welche die Person kränken oder bloßstellen könnten.
4. Vereinbaren, wie sich die Führungskraft von nun an verhält (siehe Tabelle) und an wen sie berichtet.
5. Vereinbaren, wann Sie wieder sprechen.

| Die Führungskraft … | Die Führungskraft … nicht |
| --- | --- |
| behandelt die Person korrekt und wie gewohnt | konfrontiert die Person mit der Meldung |
| meldet neue Beobachtungen sofort der fallverantwortlichen Person | ermittelt auf eigene Faust |
| stimmt Entscheidungen über die Person vorher mit dem Fallteam ab | kündigt eigenmächtig Maßnahmen an |
| behandelt das Gespräch vertraulich | bespricht den Fall im Team oder per E-Mail |

## In TMA festhalten

- **Was genau geschieht**: mit wem, warum, mit welchen Fragen.
- **Notizen**: die Beobachtungen mit Datum und Quelle; anstehende Entscheidungen (auch als Aufgaben oder Fristen im Fall).
- **Ergebnis**: was mit der Führungskraft vereinbart wurde; ob das Bild die Einschätzung verändert.

## Stolpersteine

- Der Führungskraft die ganze Akte geben: Teilen Sie nur, was sie zum Handeln braucht.
- Die Führungskraft mit einer schwierigen Person allein lassen: Sagen Sie ihr, wen sie anrufen kann, auch außerhalb der Arbeitszeit.
- Anstehende Entscheidungen laufen unverändert weiter, weil niemand dem Fallteam ihren Termin genannt hat.

## Nachbereitung

Ergänzen Sie die Einschätzung um das Gelernte. Nehmen Sie anstehende Entscheidungen als Termine in den Plan auf, auf die Sie sich vorbereiten, und sprechen Sie vor jeder davon erneut mit der Führungskraft.
`,
    },
  },
  {
    slug: 'playbook-labour-law-measure',
    measureType: 'labour_law_measure',
    en: {
      title: 'Playbook: Labour-law measure (e.g. warning letter)',
      body: `A warning letter, a transfer, a leave of absence or a dismissal can set a clear limit and protect colleagues. It can also act as a trigger: for a person whose identity and livelihood hang on their job, losing it can be the last straw. This page is about carrying out such a measure with threat management in mind; what is legally possible and required in the case at hand is for labour law to judge.

## When it fits

- The behaviour breaches duties under the employment contract, and the facts can be shown.
- Softer steps (a talk, clear limits) did not work, or the behaviour is too serious for them.
- Protecting others needs distance: a leave of absence or a transfer.

## When to pause

- The assessment sees a high risk and protection is not yet in place: protect first, then act.
- The facts are not yet secured: a measure that fails later can weaken the organisation's position and confirm the person's grievance.

## Preparation

- [ ] Labour law checks the options, deadlines and formal requirements in this case (some measures must follow soon after the facts become known).
- [ ] Clarify the works council's part: in Germany it usually has to be heard before a dismissal and may have to agree to a transfer. Labour law confirms what applies and when.
- [ ] Data protection: only facts that are needed and can be shown go into the personnel file; the threat assessment stays in the case.
- [ ] Plan the day: who hands over the letter, where, and what happens in the hours after (see below).
- [ ] Protect the affected persons for the time after the measure; they should know when it happens.
- [ ] Prepare support the person can take up (counselling, employee assistance).

## The day of the measure

1. Two people hand it over in a private room, calmly and briefly, with the reasons in factual terms.
2. If the person has to leave: belongings are collected with dignity, badge and keys returned; IT access ends at the time of the talk, not days before and not days after.
3. Security is informed and within reach, but not on show.
4. Name a contact person for practical questions (pay, reference, belongings), so the person has a legitimate way to reach the organisation.
5. Offer support, and ask how the person gets home.

## Record in TMA

- **Description**: which measure, on which facts, the planned date, who hands it over, how the works council is involved.
- **Notes**: deadlines, the works council's answer, how the handover went and how the person reacted.
- **Outcome**: what was carried out and what came of it; the effectiveness often shows only weeks later.

The legal documents themselves belong in the personnel file, or as documents of the case, not in the measure's text.

## Pitfalls

- Treating the case as closed with the dismissal: the risk often peaks in the weeks after, and around court dates.
- Shaming details: an escort through the open-plan office, an announcement to the team.
- Reception and colleagues not knowing that the person no longer has access.

## Follow-up

Re-assess soon after the measure, and again before court hearings and the end of the notice period. Plan *Monitoring of the situation* and, where needed, an *Access restriction or house ban*.
`,
    },
    de: {
      title: 'Leitfaden: Arbeitsrechtliche Maßnahme (z. B. Abmahnung)',
      body: `Eine Abmahnung, eine Versetzung, eine Freistellung oder eine Kündigung kann eine klare Grenze setzen und Kolleginnen und Kollegen schützen. Sie kann aber auch Auslöser sein: Für eine Person, deren Selbstbild und Existenz an der Arbeit hängen, kann der Verlust der Stelle der letzte Tropfen sein. Diese Seite beschreibt, wie Sie eine solche Maßnahme mit Blick auf das Bedrohungsmanagement umsetzen; was im konkreten Fall rechtlich möglich und nötig ist, beurteilt das Arbeitsrecht.

## Wann sie passt

- Das Verhalten verletzt Pflichten aus dem Arbeitsverhältnis, und die Tatsachen lassen sich belegen.
- Mildere Schritte (ein Gespräch, klare Grenzen) haben nicht gewirkt, oder das Verhalten ist dafür zu schwerwiegend.
- Der Schutz anderer verlangt Abstand: Freistellung oder Versetzung.

## Wann Sie innehalten sollten

- Die Einschätzung sieht ein hohes Risiko, und der Schutz steht noch nicht: erst schützen, dann handeln.
- Die Tatsachen sind noch nicht gesichert: Eine Maßnahme, die später scheitert, kann die Lage der Organisation schwächen und die Kränkung der Person bestätigen.

## Vorbereitung

- [ ] Das Arbeitsrecht prüft Möglichkeiten, Fristen und Formvorschriften im konkreten Fall (manche Maßnahmen müssen bald nach Bekanntwerden der Tatsachen erfolgen).
- [ ] Klären Sie die Rolle des Betriebsrats: In Deutschland ist er vor einer Kündigung in der Regel anzuhören, und einer Versetzung muss er unter Umständen zustimmen. Was wann gilt, bestätigt das Arbeitsrecht.
- [ ] Datenschutz: In die Personalakte gehören nur Tatsachen, die nötig sind und sich belegen lassen; die Einschätzung bleibt im Fall.
- [ ] Planen Sie den Tag: wer das Schreiben übergibt, wo, und was in den Stunden danach geschieht (siehe unten).
- [ ] Schützen Sie die Betroffenen für die Zeit nach der Maßnahme; sie sollten wissen, wann sie erfolgt.
- [ ] Bereiten Sie Unterstützung vor, die die Person annehmen kann (Beratung, Mitarbeiterunterstützung).

## Der Tag der Maßnahme

1. Zwei Personen übergeben sie in einem geschlossenen Raum, ruhig und knapp, die Gründe sachlich.
2. Muss die Person gehen: persönliche Sachen würdevoll mitgeben, Ausweis und Schlüssel zurücknehmen; IT-Zugänge enden mit dem Gespräch — nicht Tage vorher und nicht Tage danach.
3. Der Werkschutz ist informiert und erreichbar, aber nicht sichtbar aufgestellt.
4. Nennen Sie eine Ansprechperson für praktische Fragen (Entgelt, Zeugnis, persönliche Sachen), damit die Person einen legitimen Weg zur Organisation behält.
5. Bieten Sie Unterstützung an und fragen Sie, wie die Person nach Hause kommt.

## In TMA festhalten

- **Was genau geschieht**: welche Maßnahme, auf welche Tatsachen gestützt, der geplante Termin, wer übergibt, wie der Betriebsrat beteiligt wird.
- **Notizen**: Fristen, die Antwort des Betriebsrats, wie die Übergabe verlief und wie die Person reagierte.
- **Ergebnis**: was umgesetzt wurde und was daraus folgte; die Wirksamkeit zeigt sich oft erst nach Wochen.

Die rechtlichen Schreiben selbst gehören in die Personalakte oder als Dokumente in den Fall, nicht in den Text der Maßnahme.

## Stolpersteine

- Den Fall mit der Kündigung für erledigt halten: Das Risiko ist in den Wochen danach und rund um Gerichtstermine oft am höchsten.
- Beschämende Umstände: Begleitung quer durchs Großraumbüro, eine Ankündigung im Team.
- Empfang und Kollegium wissen nicht, dass die Person keinen Zutritt mehr hat.

## Nachbereitung

Schätzen Sie den Fall bald nach der Maßnahme neu ein, und erneut vor Gerichtsterminen und vor dem Ende der Kündigungsfrist. Planen Sie eine *Beobachtung der Lage* und, wo nötig, eine *Zutrittsbeschränkung oder ein Hausverbot*.
`,
    },
  },
  {
    slug: 'playbook-access-restriction',
    measureType: 'access_restriction',
    en: {
      title: 'Playbook: Access restriction or house ban',
      body: `Restricting where a person may go — sites, buildings, areas, IT systems — puts distance between them and the people at risk. A house ban does so for the premises as a whole. It works only if the people at the doors know about it and know what to do.

## When it fits

- The person has threatened, harassed or frightened people on site, or there is good reason to fear they will.
- After a leave of absence or a dismissal, so that the person does not turn up unannounced.
- For visitors, customers or former employees who keep coming back.

## When to be careful

- An employee who still works needs access to do so: restrict only what is necessary, together with labour law.
- A ban that cannot be enforced (open sites, shared buildings) gives a false sense of safety: plan other protection as well.

## Preparation

- [ ] Labour law or the legal department checks scope and form: usually in writing, naming sites, areas, duration and reason, issued by someone entitled to do so.
- [ ] Decide the scope: which sites, entrances, car parks and events; which IT accounts, remote access and building systems.
- [ ] Decide who is told what. Data protection: a name and, if needed, a photo, for the duration of the ban only — no case details.
- [ ] Agree how the person can collect belongings or attend appointments (e.g. escorted, at a set time).

## Steps

1. Hand over or send the ban in a way that can be proven (in person with a witness, or by courier).
2. Block badges, keys and IT access at the same moment, and check that it worked.
3. Brief reception and security on what to do if the person appears: do not confront them alone, call security, keep the affected persons away, call the police if the person does not leave or there is danger.
4. Set the end date, or the date when the ban is reviewed.

| Who | Needs to know |
| --- | --- |
| Reception, site security | name, a photo if needed, what to do |
| Affected persons | that the ban exists, whom to call |
| IT, facility management | what to block, from when |
| Works council | as labour law advises |

## Record in TMA

- **Description**: scope, duration, who issued the ban, who was informed.
- **Notes**: when it was handed over; each time the person appeared or tried to get in.
- **Outcome**: whether the ban held and was needed; when and why it was lifted.

## Pitfalls

- Lists with photos at reception that stay up for years: take them down when the ban ends.
- Forgetting remote access, shared accounts or the car park.
- No plan for the first breach.

## Follow-up

Each breach is new information: re-assess the case. Review the ban by its end date, lift it deliberately, and tell everyone who was informed.
`,
    },
    de: {
      title: 'Leitfaden: Zutrittsbeschränkung oder Hausverbot',
      body: `Wer einschränkt, wohin eine Person gehen darf — Standorte, Gebäude, Bereiche, IT-Systeme —, schafft Abstand zwischen ihr und den gefährdeten Menschen. Ein Hausverbot tut das für das ganze Gelände. Es wirkt nur, wenn die Menschen an den Eingängen davon wissen und wissen, was zu tun ist.

## Wann es passt

- Die Person hat vor Ort gedroht, belästigt oder Angst gemacht, oder es gibt gute Gründe, das zu befürchten.
- Nach einer Freistellung oder Kündigung, damit die Person nicht unangekündigt erscheint.
- Bei Besuchern, Kundinnen oder ehemaligen Beschäftigten, die immer wieder kommen.

## Wann Vorsicht geboten ist

- Wer noch arbeitet, braucht dafür Zugang: Schränken Sie nur ein, was nötig ist, gemeinsam mit dem Arbeitsrecht.
- Ein Verbot, das sich nicht durchsetzen lässt (offene Standorte, gemeinsam genutzte Gebäude), wiegt in falscher Sicherheit: Planen Sie zusätzlichen Schutz.

## Vorbereitung

- [ ] Arbeitsrecht oder Rechtsabteilung prüfen Umfang und Form: in der Regel schriftlich, mit Standorten, Bereichen, Dauer und Grund, ausgesprochen von einer dazu berechtigten Person.
- [ ] Legen Sie den Umfang fest: welche Standorte, Eingänge, Parkplätze und Veranstaltungen; welche IT-Konten, Fernzugänge und Gebäudesysteme.
- [ ] Legen Sie fest, wer was erfährt. Datenschutz: Name und, wenn nötig, ein Foto, nur für die Dauer des Verbots — keine Einzelheiten des Falls.
- [ ] Vereinbaren Sie, wie die Person persönliche Sachen abholen oder Termine wahrnehmen kann (z. B. begleitet, zu einer festen Zeit).

## Ablauf

1. Das Verbot nachweisbar übergeben oder zustellen (persönlich mit Zeugin oder Zeuge, oder per Boten).
2. Ausweise, Schlüssel und IT-Zugänge im selben Moment sperren und prüfen, ob es gewirkt hat.
3. Empfang und Werkschutz einweisen, was zu tun ist, wenn die Person erscheint: sie nicht allein ansprechen, den Werkschutz rufen, die Betroffenen fernhalten, die Polizei rufen, wenn die Person nicht geht oder Gefahr besteht.
4. Das Ende festlegen oder den Tag, an dem das Verbot überprüft wird.

| Wer | Muss wissen |
| --- | --- |
| Empfang, Werkschutz | Name, bei Bedarf ein Foto, was zu tun ist |
| Betroffene | dass das Verbot besteht, wen sie anrufen |
| IT, Gebäudemanagement | was ab wann gesperrt wird |
| Betriebsrat | wie das Arbeitsrecht rät |

## In TMA festhalten

- **Was genau geschieht**: Umfang, Dauer, wer das Verbot ausgesprochen hat, wer informiert wurde.
- **Notizen**: wann es übergeben wurde; jedes Mal, wenn die Person erschien oder hineinzukommen versuchte.
- **Ergebnis**: ob das Verbot gehalten hat und nötig war; wann und warum es aufgehoben wurde.

## Stolpersteine

- Listen mit Fotos am Empfang, die jahrelang hängen bleiben: Nehmen Sie sie ab, wenn das Verbot endet.
- Fernzugänge, gemeinsam genutzte Konten oder den Parkplatz vergessen.
- Kein Plan für den ersten Verstoß.

## Nachbereitung

Jeder Verstoß ist eine neue Information: Schätzen Sie den Fall neu ein. Überprüfen Sie das Verbot bis zu seinem Ende, heben Sie es bewusst auf und sagen Sie es allen, die informiert wurden.
`,
    },
  },
  {
    slug: 'playbook-protect-affected',
    measureType: 'protect_affected',
    en: {
      title: 'Playbook: Protection and support for affected persons',
      body: `The people a threat is directed at are at the centre of threat management. Protecting them means asking what they fear and need, agreeing practical steps with them, and keeping them informed — not deciding over their heads.

## When

In every case with an identifiable affected person, from the first days on, and again whenever the situation changes: after a talk with the person of concern, a dismissal, a breach of a ban.

## Preparation

- Who talks with the affected person: someone they trust who can arrange things (often security or HR, with a psychology expert).
- What the team knows and may pass on. Never promise that nothing will happen.

## The conversation

1. Listen: what happened, what do they fear, what has already changed in their life?
2. Ask what they want. Steps that concern them need their agreement.
3. Agree concrete protection at work and on the way to work:

| Area | Possible steps |
| --- | --- |
| Workplace | another room or floor, no desk by the entrance, working from home for a time |
| Routes | an escort to the car or the station, a parking space near the entrance, other times |
| Reachability | name off the website and door signs, calls and e-mails screened, no information about them given out |
| Emergency | whom to call, a code word, the security number saved in their phone |
| Private life | addresses of advice centres and victim support; information that they can apply to a court for protection |

4. Agree how they report new incidents and how often you check in.
5. Tell them, as far as you can, what happens next in the case and when they will hear from you.

## Who is involved

Security (workplace and routes), HR or the manager (changes at work), psychology or employee assistance (strain and fear), data protection (what is shared about them inside the organisation). Others learn only what they need, and only with the person's agreement — unless a life is at risk.

## Record in TMA

- **Description**: whom the measure protects and which steps were agreed.
- **Notes**: each contact; new incidents they report, with date and source; changes to the steps.
- **Outcome**: which protection was in place and for how long, and how the person feels about it.

## Pitfalls

- Steps that burden the affected person more than the person of concern (moving them without asking).
- Forgetting them once the person of concern has been dealt with.
- Collecting more about their private life than their protection needs.

## Follow-up

Check in regularly, and before every step in the case that may provoke a reaction. Lift protective steps only together with the person.
`,
    },
    de: {
      title: 'Leitfaden: Schutz und Unterstützung betroffener Personen',
      body: `Die Menschen, gegen die sich eine Bedrohung richtet, stehen im Mittelpunkt des Bedrohungsmanagements. Sie zu schützen heißt: fragen, was sie fürchten und brauchen, mit ihnen konkrete Schritte vereinbaren und sie auf dem Laufenden halten — nicht über ihren Kopf hinweg entscheiden.

## Wann

In jedem Fall mit einer erkennbar betroffenen Person, von den ersten Tagen an, und erneut, wann immer sich die Lage ändert: nach einem Gespräch mit der Person, von der die Sorge ausgeht, nach einer Kündigung, nach einem Verstoß gegen ein Hausverbot.

## Vorbereitung

- Wer spricht mit der betroffenen Person: jemand, dem sie vertraut und der Dinge in die Wege leiten kann (oft Werkschutz oder Personalabteilung, gemeinsam mit einer Fachperson für Psychologie).
- Was das Team weiß und weitergeben darf. Versprechen Sie nie, dass nichts passieren wird.

## Das Gespräch

1. Zuhören: Was ist geschehen, was fürchtet die Person, was hat sich in ihrem Leben schon verändert?
2. Fragen, was sie möchte. Schritte, die sie betreffen, brauchen ihr Einverständnis.
3. Konkreten Schutz bei der Arbeit und auf dem Weg vereinbaren:

| Bereich | Mögliche Schritte |
| --- | --- |
| Arbeitsplatz | anderer Raum oder anderes Stockwerk, kein Platz am Eingang, zeitweise mobiles Arbeiten |
| Wege | Begleitung zum Auto oder zur Haltestelle, Parkplatz nahe am Eingang, andere Zeiten |
| Erreichbarkeit | Name von Website und Türschild nehmen, Anrufe und E-Mails vorfiltern, keine Auskünfte über sie |
| Notfall | wen sie anruft, ein Codewort, die Nummer des Werkschutzes im Telefon |
| Privat | Adressen von Beratungsstellen und Opferhilfe; Hinweis, dass sie bei Gericht Schutzanordnungen beantragen kann |

4. Vereinbaren, wie sie neue Vorfälle meldet und wie oft Sie sich melden.
5. So weit möglich sagen, wie es im Fall weitergeht und wann sie wieder von Ihnen hört.

## Wer beteiligt ist

Werkschutz (Arbeitsplatz und Wege), Personalabteilung oder Führungskraft (Änderungen am Arbeitsplatz), Psychologie oder Mitarbeiterberatung (Belastung und Angst), Datenschutz (was innerhalb der Organisation über sie weitergegeben wird). Andere erfahren nur, was sie brauchen, und nur mit dem Einverständnis der Person — es sei denn, ein Leben ist in Gefahr.

## In TMA festhalten

- **Was genau geschieht**: wen die Maßnahme schützt und welche Schritte vereinbart sind.
- **Notizen**: jeder Kontakt; neue Vorfälle, die sie meldet, mit Datum und Quelle; Änderungen an den Schritten.
- **Ergebnis**: welcher Schutz wie lange bestand und wie die Person ihn erlebt.

## Stolpersteine

- Schritte, die die betroffene Person mehr belasten als die Person, von der die Sorge ausgeht (sie ungefragt versetzen).
- Sie vergessen, sobald die Person, von der die Sorge ausgeht, „erledigt“ scheint.
- Mehr über ihr Privatleben sammeln, als ihr Schutz erfordert.

## Nachbereitung

Melden Sie sich regelmäßig, und vor jedem Schritt im Fall, der eine Reaktion auslösen kann. Heben Sie Schutzschritte nur gemeinsam mit der Person auf.
`,
    },
  },
  {
    slug: 'playbook-support-offer',
    measureType: 'support_offer',
    en: {
      title: 'Playbook: Employee assistance or psychological support offer',
      body: `Many people who threaten are in a crisis themselves: a conflict that got stuck, debt, a separation, illness, a sense of being treated unjustly. An offer of help takes pressure out of the situation and opens a way forward that needs no threats. Affected persons and witnesses may need support as well.

## When it fits

- The person of concern shows strain, despair, isolation, or a grievance that can be worked on.
- Alongside limits and labour-law measures: the offer does not replace them, and they do not rule it out.
- For affected persons and colleagues after frightening incidents.

## When not

- As a condition or a hidden check: counselling is voluntary.
- In an acute crisis with danger to the person or others: call the emergency services.

## Preparation

- Know what the organisation offers: an employee assistance programme, the works doctor, internal social counselling, external partners; and public services such as crisis lines, psychosocial crisis services, addiction and debt counselling, victim support.
- Have names, numbers and the way to a quick appointment at hand: an offer that takes weeks helps little.
- Decide who makes the offer: someone the person accepts — often in the conversation with the person of concern, or through HR.

## Steps

1. Make the offer in person and concretely: what it is, that it is confidential, how to get there.
2. Offer to make the first contact together, if the person wants that.
3. Agree whether you may learn anything back — at most, with the person's consent, whether the contact took place; never what was said.
4. Repeat the offer later: a first "no" is common.

## Confidentiality and data protection

Counsellors are bound to confidentiality; the case team does not ask them about content. Health information that reaches the team belongs in the case only, where it is encrypted, and only if it matters for the assessment.

## Record in TMA

- **Description**: what was offered, to whom, by whom.
- **Notes**: when the offer was made, the answer, and (with consent) whether it was taken up.
- **Outcome**: offered, taken up or declined; whether the situation eased. *Too early to tell* is honest for a while.

## Pitfalls

- An offer made as a formality, with a leaflet.
- Taking a declined offer as proof of danger: it is one piece of information among many.
- Using counselling to obtain information for the case.

## Follow-up

Ask again after a few weeks, and renew the offer when the situation changes, for example after a labour-law measure.
`,
    },
    de: {
      title: 'Leitfaden: Beratungs- oder psychologisches Unterstützungsangebot',
      body: `Viele Menschen, die drohen, stecken selbst in einer Krise: ein festgefahrener Konflikt, Schulden, eine Trennung, Krankheit, das Gefühl, ungerecht behandelt zu werden. Ein Hilfsangebot nimmt Druck aus der Lage und öffnet einen Weg, der ohne Drohungen auskommt. Auch Betroffene und Zeugen können Unterstützung brauchen.

## Wann es passt

- Die Person, von der die Sorge ausgeht, zeigt Belastung, Verzweiflung, Rückzug oder eine Kränkung, an der sich arbeiten lässt.
- Neben Grenzen und arbeitsrechtlichen Maßnahmen: Das Angebot ersetzt sie nicht, und sie schließen es nicht aus.
- Für Betroffene und Kolleginnen und Kollegen nach beängstigenden Vorfällen.

## Wann nicht

- Als Bedingung oder verdeckte Kontrolle: Beratung ist freiwillig.
- In einer akuten Krise mit Gefahr für die Person selbst oder andere: den Notruf wählen.

## Vorbereitung

- Kennen Sie die Angebote der Organisation: externe Mitarbeiterberatung (EAP), Betriebsarzt, betriebliche Sozialberatung, externe Partner; dazu öffentliche Stellen wie Telefonseelsorge, sozialpsychiatrischer Krisendienst, Sucht- und Schuldnerberatung, Opferhilfe.
- Halten Sie Namen, Nummern und den Weg zu einem schnellen Termin bereit: Ein Angebot, das Wochen dauert, hilft wenig.
- Legen Sie fest, wer das Angebot macht: jemand, den die Person akzeptiert — oft im Gespräch mit ihr oder über die Personalabteilung.

## Ablauf

1. Das Angebot persönlich und konkret machen: was es ist, dass es vertraulich ist, wie man hinkommt.
2. Anbieten, den ersten Kontakt gemeinsam herzustellen, wenn die Person das möchte.
3. Vereinbaren, ob Sie etwas zurückerfahren dürfen — höchstens, mit Einverständnis der Person, ob der Kontakt stattfand; nie, was besprochen wurde.
4. Das Angebot später wiederholen: Ein erstes „Nein“ ist häufig.

## Vertraulichkeit und Datenschutz

Beraterinnen und Berater sind zur Verschwiegenheit verpflichtet; das Fallteam fragt sie nicht nach Inhalten. Gesundheitsangaben, die das Team erreichen, gehören nur in den Fall, wo sie verschlüsselt sind, und nur, wenn sie für die Einschätzung zählen.

## In TMA festhalten

- **Was genau geschieht**: was angeboten wurde, wem, von wem.
- **Notizen**: wann das Angebot gemacht wurde, die Antwort und (mit Einverständnis), ob es angenommen wurde.
- **Ergebnis**: angeboten, angenommen oder abgelehnt; ob sich die Lage entspannt hat. *Noch nicht beurteilbar* ist eine Weile lang die ehrliche Antwort.

## Stolpersteine

- Ein Angebot als Formalie, mit einem Faltblatt.
- Ein abgelehntes Angebot als Beweis für Gefahr werten: Es ist eine Information unter vielen.
- Beratung nutzen, um an Informationen für den Fall zu kommen.

## Nachbereitung

Fragen Sie nach einigen Wochen nach, und erneuern Sie das Angebot, wenn sich die Lage ändert, etwa nach einer arbeitsrechtlichen Maßnahme.
`,
    },
  },
  {
    slug: 'playbook-involve-police',
    measureType: 'involve_police',
    en: {
      title: 'Playbook: Involvement of police or external bodies',
      body: `Some cases need more than the organisation can do. The police can assess possible offences, speak to the person with authority and protect people outside the premises. Other bodies — the social psychiatric service, advice centres, authorities — help where the organisation's reach ends. Involving them is a decision of the case team, taken with care for what is passed on.

## When

- **At once**, by emergency call: imminent danger to life or health, a weapon, a concrete plan. Protection comes first; record it afterwards.
- **Planned**: possible offences (threats, stalking, damage), a risk that reaches beyond the premises, or when the organisation's own steps are not enough.
- Many police forces have prevention or threat management contacts. Know them before you need them ([emergency contacts](/handbook/emergency-contacts)).

## Before passing anything on (emergencies aside)

- [ ] Ask the data protection officer whether there is a legal basis for passing it on, and what is needed. Pass on facts, not the whole case.
- [ ] Decide who makes contact: one person, who also stays the contact for questions.
- [ ] Talk with the affected persons: do they want to report it themselves? They need to know what happens.
- [ ] Think about what follows: police action sets its own pace (e.g. the police speak to the person). Plan protection for the time after.
- [ ] Inform management or the works council where the organisation's rules require it.

## Steps

1. Describe the situation factually: what happened, when, what is known about the person, what the organisation has done.
2. Ask what the police or the body will do and when, and whom to contact there.
3. Agree how information flows in both directions and how steps are coordinated.
4. If a criminal complaint is made: who files it, and how the evidence is kept.

| Body | Typically for |
| --- | --- |
| Police (emergency call) | imminent danger |
| Police (local station, crime prevention) | possible offences, a talk with the person, advice |
| Social psychiatric service | an acute mental crisis of the person |
| Victim support, advice centres | support for affected persons |

## Record in TMA

- **Description**: which body, why, who is the contact.
- **Notes**: each contact with its date; what was passed on (facts and documents, never "everything"); the legal basis data protection named; the answers.
- **Outcome**: what the body did, and what changed for the case.

## Pitfalls

- Passing on the full case file, or details about people not involved.
- Assuming the police will keep the organisation informed.
- Waiting for agreement or clarity when there is immediate danger.

## Follow-up

Re-assess after police action: it can calm a situation or provoke. Keep the contact alive until the case is closed.
`,
    },
    de: {
      title: 'Leitfaden: Polizei oder externe Stellen einbeziehen',
      body: `Manche Fälle brauchen mehr, als die Organisation leisten kann. Die Polizei kann mögliche Straftaten prüfen, die Person mit Autorität ansprechen und Menschen auch außerhalb des Geländes schützen. Andere Stellen — sozialpsychiatrischer Dienst, Beratungsstellen, Behörden — helfen dort, wo die Reichweite der Organisation endet. Sie einzubeziehen entscheidet das Fallteam, mit Sorgfalt bei dem, was weitergegeben wird.

## Wann

- **Sofort**, über den Notruf: akute Gefahr für Leben oder Gesundheit, eine Waffe, ein konkreter Plan. Schutz geht vor; festgehalten wird danach.
- **Geplant**: mögliche Straftaten (Bedrohung, Nachstellung, Sachbeschädigung), ein Risiko, das über das Gelände hinausreicht, oder wenn die eigenen Schritte der Organisation nicht genügen.
- Viele Polizeibehörden haben Ansprechpersonen für Prävention oder Bedrohungsmanagement. Kennen Sie sie, bevor Sie sie brauchen ([Notfallkontakte](/handbook/emergency-contacts)).

## Bevor Sie etwas weitergeben (außer im Notfall)

- [ ] Klären Sie mit dem Datenschutz, ob es eine Rechtsgrundlage für die Weitergabe gibt und was nötig ist. Geben Sie Tatsachen weiter, nicht den ganzen Fall.
- [ ] Legen Sie fest, wer den Kontakt aufnimmt: eine Person, die auch für Rückfragen die Ansprechperson bleibt.
- [ ] Sprechen Sie mit den Betroffenen: Möchten sie selbst Anzeige erstatten? Sie müssen wissen, was geschieht.
- [ ] Bedenken Sie, was folgt: Polizeiliches Handeln hat sein eigenes Tempo (z. B. spricht die Polizei die Person an). Planen Sie den Schutz für die Zeit danach.
- [ ] Informieren Sie Geschäftsleitung oder Betriebsrat, wo die Regeln der Organisation es verlangen.

## Ablauf

1. Die Lage sachlich schildern: was geschah, wann, was über die Person bekannt ist, was die Organisation bisher getan hat.
2. Fragen, was die Polizei oder die Stelle tun wird und wann, und wer dort Ansprechperson ist.
3. Vereinbaren, wie Informationen in beide Richtungen fließen und wie Schritte abgestimmt werden.
4. Wird Strafanzeige erstattet: wer sie stellt, und wie Beweise aufbewahrt werden.

| Stelle | Typischerweise bei |
| --- | --- |
| Polizei (Notruf) | akuter Gefahr |
| Polizei (örtliche Dienststelle, Kriminalprävention) | möglichen Straftaten, Ansprache der Person, Beratung |
| Sozialpsychiatrischer Dienst | einer akuten psychischen Krise der Person |
| Opferhilfe, Beratungsstellen | Unterstützung der Betroffenen |

## In TMA festhalten

- **Was genau geschieht**: welche Stelle, warum, wer Ansprechperson ist.
- **Notizen**: jeder Kontakt mit Datum; was weitergegeben wurde (Tatsachen und Dokumente, nie „alles“); die vom Datenschutz genannte Rechtsgrundlage; die Antworten.
- **Ergebnis**: was die Stelle getan hat und was sich für den Fall geändert hat.

## Stolpersteine

- Die ganze Fallakte oder Angaben über Unbeteiligte weitergeben.
- Annehmen, die Polizei werde die Organisation auf dem Laufenden halten.
- Bei akuter Gefahr auf Zustimmung oder Klarheit warten.

## Nachbereitung

Schätzen Sie den Fall nach polizeilichem Handeln neu ein: Es kann beruhigen oder provozieren. Halten Sie den Kontakt, bis der Fall abgeschlossen ist.
`,
    },
  },
  {
    slug: 'playbook-monitoring',
    measureType: 'monitoring',
    en: {
      title: 'Playbook: Monitoring of the situation',
      body: `Monitoring means watching a case on purpose for a set time — not waiting and hoping. It fits when the risk has eased but not gone, or when the team cannot act yet. It needs agreed warning signs, people who look out for them, and a date to decide again.

## When it fits

- After other measures, to see whether they hold.
- When the assessment is moderate and there is no reason to intervene yet.
- Before and after known stress points: court dates, the end of a contract, anniversaries.

## When it is not enough

When warning signs are already there (see below), or the assessment is high: then plan an intervention.

## Preparation

1. Set the period and the date of the next assessment (the case's level sets an interval; the measure's due day can mark the end).
2. Agree the warning signs to look for, concretely for this case, for example:
   - renewed contact with an affected person, turning up near their home or workplace;
   - threats or hints at violence, also made to third parties;
   - a growing fixation on a person or a grievance;
   - interest in weapons or in earlier attacks;
   - a sudden loss (job, partner, home), or saying goodbye;
   - breaches of bans or agreements.
3. Agree who looks out for what: manager, security, reception, the affected persons. Only lawful, open sources: no covert surveillance of employees. Data protection — and the works council, where employees are concerned — decide what is allowed.
4. Agree the channel: new observations go to the case owner at once, not into e-mail threads.

## During the period

- The case owner asks the contacts at the agreed times, even when nobody reports anything: "nothing new" is information too.
- Every observation is recorded and held against the warning signs.
- When a warning sign appears: re-assess at once, do not wait for the end date.

| Who | What |
| --- | --- |
| Case owner | leads, collects, decides on re-assessment |
| Manager, security, reception | observe and report |
| Affected persons | report contacts and incidents |
| Data protection, works council | limits of what may be observed |

## Record in TMA

- **Description**: the period, the warning signs, who looks out, the date of the next assessment.
- **Notes**: each check with its date and result; observations with their source.
- **Outcome**: what the period showed, and the decision: close the case, go on monitoring, or plan other measures.

## Pitfalls

- Monitoring without an end, so that the case is forgotten.
- Watching more than is needed and lawful.
- Observers who do not know whom to call.

## Follow-up

At the end, assess again and decide deliberately. A case closed after monitoring can be opened again when new reports come in.
`,
    },
    de: {
      title: 'Leitfaden: Beobachtung der Lage',
      body: `Beobachten heißt, einen Fall für eine festgelegte Zeit bewusst im Blick zu behalten — nicht abzuwarten und zu hoffen. Es passt, wenn das Risiko gesunken, aber nicht verschwunden ist, oder wenn das Team noch nicht handeln kann. Es braucht vereinbarte Warnsignale, Menschen, die darauf achten, und einen Termin, an dem neu entschieden wird.

## Wann es passt

- Nach anderen Maßnahmen, um zu sehen, ob sie tragen.
- Wenn die Einschätzung moderat ist und es noch keinen Grund zum Eingreifen gibt.
- Vor und nach bekannten Belastungspunkten: Gerichtstermine, Vertragsende, Jahrestage.

## Wann es nicht genügt

Wenn Warnsignale schon da sind (siehe unten) oder die Einschätzung hoch ist: Dann planen Sie ein Eingreifen.

## Vorbereitung

1. Legen Sie den Zeitraum und den Termin der nächsten Einschätzung fest (die Stufe des Falls gibt ein Intervall vor; die Frist der Maßnahme kann das Ende markieren).
2. Vereinbaren Sie die Warnsignale, auf die geachtet wird, konkret für diesen Fall, zum Beispiel:
   - erneuter Kontakt zu einer betroffenen Person, Auftauchen in der Nähe ihrer Wohnung oder ihres Arbeitsplatzes;
   - Drohungen oder Andeutungen von Gewalt, auch gegenüber Dritten;
   - eine wachsende Fixierung auf eine Person oder eine Kränkung;
   - Interesse an Waffen oder an früheren Anschlägen;
   - ein plötzlicher Verlust (Arbeit, Partnerschaft, Wohnung) oder Abschiedsäußerungen;
   - Verstöße gegen Verbote oder Vereinbarungen.
3. Vereinbaren Sie, wer worauf achtet: Führungskraft, Werkschutz, Empfang, die Betroffenen. Nur rechtmäßige, offene Quellen: keine verdeckte Überwachung von Beschäftigten. Was zulässig ist, entscheiden der Datenschutz und — wo Beschäftigte betroffen sind — der Betriebsrat mit.
4. Vereinbaren Sie den Meldeweg: Neue Beobachtungen gehen sofort an die fallverantwortliche Person, nicht in E-Mail-Verläufe.

## Während des Zeitraums

- Die fallverantwortliche Person fragt die Kontaktpersonen zu den vereinbarten Zeiten, auch wenn niemand etwas meldet: „nichts Neues“ ist auch eine Information.
- Jede Beobachtung wird festgehalten und mit den Warnsignalen abgeglichen.
- Zeigt sich ein Warnsignal: sofort neu einschätzen, nicht bis zum Ende warten.

| Wer | Was |
| --- | --- |
| Fallverantwortliche Person | leitet, sammelt, entscheidet über eine neue Einschätzung |
| Führungskraft, Werkschutz, Empfang | beobachten und melden |
| Betroffene | melden Kontakte und Vorfälle |
| Datenschutz, Betriebsrat | Grenzen dessen, was beobachtet werden darf |

## In TMA festhalten

- **Was genau geschieht**: Zeitraum, Warnsignale, wer worauf achtet, der Termin der nächsten Einschätzung.
- **Notizen**: jede Nachfrage mit Datum und Ergebnis; Beobachtungen mit ihrer Quelle.
- **Ergebnis**: was der Zeitraum gezeigt hat, und die Entscheidung: Fall schließen, weiter beobachten oder andere Maßnahmen planen.

## Stolpersteine

- Beobachtung ohne Ende, sodass der Fall in Vergessenheit gerät.
- Mehr beobachten, als nötig und zulässig ist.
- Beobachtende, die nicht wissen, wen sie anrufen sollen.

## Nachbereitung

Schätzen Sie am Ende neu ein und entscheiden Sie bewusst. Ein Fall, der nach einer Beobachtung geschlossen wurde, kann wieder geöffnet werden, wenn neue Meldungen eingehen.
`,
    },
  },
];
