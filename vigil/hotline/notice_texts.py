"""The words of a notice in each language, in the register of a hotline writing to a hosting
provider's abuse desk, to the police, or to a partner hotline.

The words of the field are those of /shared/GLOSSARY.md: *meldpunt* / *point de contact* /
*Meldestelle*; *seksuele misbruikbeelden van minderjarigen* / *images d'abus sexuels
d'enfants* / *Darstellungen sexuellen Kindesmissbrauchs* (never "child pornography");
*verwijderingsverzoek* / *demande de retrait* / *Löschaufforderung*. The German and French
texts should be read by a native speaker before a foundation first sends them
(`vigil hotline notices preview` prints each one).

Placeholders: ``%(organisation)s`` the foundation's name, ``%(country)s`` its country's name,
``%(reference)s`` the hotline's reference, ``%(first_notice_at)s`` the first notice's date.
A country's name is written in brackets or not at all, never after a preposition, since
"in"/"en"/"au" and articles differ from one country to the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.domain.contacts import ContactKind


@dataclass(frozen=True)
class KindWords:
    """What differs between the three kinds of notice."""

    subject: str
    intro: str
    request: str
    reminder: str
    """The paragraph of a notice sent again (the material is still there), or of a report
    that follows an earlier notice."""


@dataclass(frozen=True)
class Words:
    greeting: str
    closing: str
    url: str
    classification: str
    reference: str
    reported_at: str
    assessed_at: str
    baseline: str
    national: str
    kinds: dict[ContactKind, KindWords]


EN = Words(
    greeting="Dear colleagues,",
    closing="Kind regards,",
    url="URL",
    classification="Assessment",
    reference="Our reference",
    reported_at="Reported to us",
    assessed_at="Assessed",
    baseline="illegal in every country (international baseline)",
    national="illegal under national law (%(country)s)",
    kinds={
        ContactKind.HOST_ABUSE: KindWords(
            subject="Notice and takedown %(reference)s: child sexual abuse material "
            "on your network",
            intro="%(organisation)s is the hotline for reports of child sexual abuse material "
            "(%(country)s). At the following URL on your network we found material that we "
            "assessed as child sexual abuse material:",
            request="Please remove this material without delay, and keep the data you hold "
            "about it (account, logs) in case the police ask for it. Please quote our "
            "reference in your reply.",
            reminder="This is a reminder: we first asked you to remove this material on "
            "%(first_notice_at)s, and it was still online when we checked again.",
        ),
        ContactKind.POLICE: KindWords(
            subject="Report %(reference)s: child sexual abuse material hosted in your country",
            intro="%(organisation)s is the hotline for reports of child sexual abuse material "
            "(%(country)s). We report to you the following URL, hosted in your country, where "
            "we found material that we assessed as child sexual abuse material:",
            request="We are asking the hosting provider to remove the material. If it must "
            "stay online for an investigation, please tell us as soon as possible, quoting our "
            "reference.",
            reminder="This is a follow-up: the hosting provider was first asked to remove the "
            "material on %(first_notice_at)s, and it is still online.",
        ),
        ContactKind.PARTNER_HOTLINE: KindWords(
            subject="Referral %(reference)s: child sexual abuse material hosted in your country",
            intro="%(organisation)s is the hotline for reports of child sexual abuse material "
            "(%(country)s). A report to us concerns the following URL, hosted in your "
            "country, where we found material that we assessed as child sexual abuse "
            "material:",
            request="We refer it to you for notice and takedown under your national "
            "procedures. Please quote our reference in your reply.",
            reminder="This is a reminder: we first referred this URL to you on "
            "%(first_notice_at)s, and the material was still online when we checked again.",
        ),
    },
)

NL = Words(
    greeting="Geachte heer, mevrouw,",
    closing="Met vriendelijke groet,",
    url="URL",
    classification="Beoordeling",
    reference="Onze referentie",
    reported_at="Bij ons gemeld op",
    assessed_at="Beoordeeld op",
    baseline="illegaal in alle landen (internationale baseline)",
    national="illegaal naar nationaal recht (%(country)s)",
    kinds={
        ContactKind.HOST_ABUSE: KindWords(
            subject="Verwijderingsverzoek %(reference)s: seksuele misbruikbeelden van "
            "minderjarigen op uw netwerk",
            intro="%(organisation)s is het meldpunt voor seksuele misbruikbeelden van "
            "minderjarigen (%(country)s). Op de volgende URL op uw netwerk vonden wij "
            "materiaal dat wij beoordeeld hebben als seksuele misbruikbeelden van "
            "minderjarigen:",
            request="Wij vragen u dit materiaal onmiddellijk te verwijderen en de gegevens "
            "die u erover hebt (account, logbestanden) te bewaren voor het geval de politie "
            "erom vraagt. Vermeld onze referentie in uw antwoord.",
            reminder="Dit is een herinnering: wij hebben u op %(first_notice_at)s voor het "
            "eerst gevraagd dit materiaal te verwijderen, en bij onze laatste controle stond "
            "het nog online.",
        ),
        ContactKind.POLICE: KindWords(
            subject="Melding %(reference)s: seksuele misbruikbeelden van minderjarigen "
            "gehost in uw land",
            intro="%(organisation)s is het meldpunt voor seksuele misbruikbeelden van "
            "minderjarigen (%(country)s). Wij melden u de volgende URL, gehost in uw land, "
            "waar wij materiaal vonden dat wij beoordeeld hebben als seksuele misbruikbeelden "
            "van minderjarigen:",
            request="Wij vragen de hostingprovider het materiaal te verwijderen. Moet het "
            "voor een onderzoek online blijven, laat het ons dan zo snel mogelijk weten, met "
            "vermelding van onze referentie.",
            reminder="Dit is een opvolging: de hostingprovider werd op %(first_notice_at)s "
            "voor het eerst gevraagd het materiaal te verwijderen, en het staat nog steeds "
            "online.",
        ),
        ContactKind.PARTNER_HOTLINE: KindWords(
            subject="Doorverwijzing %(reference)s: seksuele misbruikbeelden van "
            "minderjarigen gehost in uw land",
            intro="%(organisation)s is het meldpunt voor seksuele misbruikbeelden van "
            "minderjarigen (%(country)s). Een melding bij ons betreft de volgende URL, gehost "
            "in uw land, waar wij materiaal vonden dat wij beoordeeld hebben als seksuele "
            "misbruikbeelden van minderjarigen:",
            request="Wij verwijzen deze URL naar u door voor notice-and-takedown volgens uw "
            "nationale procedures. Vermeld onze referentie in uw antwoord.",
            reminder="Dit is een herinnering: wij hebben deze URL op %(first_notice_at)s "
            "voor het eerst naar u doorverwezen, en bij onze laatste controle stond het "
            "materiaal nog online.",
        ),
    },
)

FR = Words(
    greeting="Madame, Monsieur,",
    closing="Veuillez agréer nos salutations distinguées.",
    url="URL",
    classification="Qualification",
    reference="Notre référence",
    reported_at="Signalé le",
    assessed_at="Évalué le",
    baseline="illégal dans tous les pays (baseline internationale)",
    national="illégal selon le droit national (%(country)s)",
    kinds={
        ContactKind.HOST_ABUSE: KindWords(
            subject="Demande de retrait %(reference)s : images d'abus sexuels d'enfants sur "
            "votre réseau",
            intro="%(organisation)s est le point de contact pour les signalements d'images "
            "d'abus sexuels d'enfants (%(country)s). À l'URL suivante, sur votre réseau, nous "
            "avons trouvé du matériel que nous avons qualifié d'images d'abus sexuels "
            "d'enfants :",
            request="Nous vous demandons de retirer ce matériel sans délai et de conserver "
            "les données qui s'y rapportent (compte, journaux) au cas où la police les "
            "demanderait. Merci de mentionner notre référence dans votre réponse.",
            reminder="Ceci est un rappel : nous vous avons demandé pour la première fois de "
            "retirer ce matériel le %(first_notice_at)s, et il était toujours en ligne lors "
            "de notre dernière vérification.",
        ),
        ContactKind.POLICE: KindWords(
            subject="Signalement %(reference)s : images d'abus sexuels d'enfants hébergées "
            "dans votre pays",
            intro="%(organisation)s est le point de contact pour les signalements d'images "
            "d'abus sexuels d'enfants (%(country)s). Nous vous signalons l'URL suivante, "
            "hébergée dans votre pays, où nous avons trouvé du matériel que nous avons "
            "qualifié d'images d'abus sexuels d'enfants :",
            request="Nous demandons à l'hébergeur de retirer ce matériel. S'il doit rester en "
            "ligne pour les besoins d'une enquête, merci de nous le faire savoir au plus vite, "
            "en mentionnant notre référence.",
            reminder="Ceci est un suivi : l'hébergeur a reçu une première demande de retrait "
            "le %(first_notice_at)s, et le matériel est toujours en ligne.",
        ),
        ContactKind.PARTNER_HOTLINE: KindWords(
            subject="Transmission %(reference)s : images d'abus sexuels d'enfants hébergées "
            "dans votre pays",
            intro="%(organisation)s est le point de contact pour les signalements d'images "
            "d'abus sexuels d'enfants (%(country)s). Un signalement qui nous est parvenu "
            "concerne l'URL suivante, hébergée dans votre pays, où nous avons trouvé du "
            "matériel que nous avons qualifié d'images d'abus sexuels d'enfants :",
            request="Nous vous la transmettons pour notification et retrait selon vos "
            "procédures nationales. Merci de mentionner notre référence dans votre réponse.",
            reminder="Ceci est un rappel : nous vous avons transmis cette URL pour la "
            "première fois le %(first_notice_at)s, et le matériel était toujours en ligne "
            "lors de notre dernière vérification.",
        ),
    },
)

DE = Words(
    greeting="Sehr geehrte Damen und Herren,",
    closing="Mit freundlichen Grüßen",
    url="URL",
    classification="Einstufung",
    reference="Unser Aktenzeichen",
    reported_at="Bei uns gemeldet am",
    assessed_at="Eingestuft am",
    baseline="in allen Ländern illegal (internationale Baseline)",
    national="nach nationalem Recht illegal (%(country)s)",
    kinds={
        ContactKind.HOST_ABUSE: KindWords(
            subject="Löschaufforderung %(reference)s: Darstellungen sexuellen "
            "Kindesmissbrauchs in Ihrem Netz",
            intro="%(organisation)s ist die Meldestelle für Darstellungen sexuellen "
            "Kindesmissbrauchs (%(country)s). Unter der folgenden URL in Ihrem Netz haben "
            "wir Material gefunden, das wir als Darstellungen sexuellen Kindesmissbrauchs "
            "eingestuft haben:",
            request="Bitte entfernen Sie dieses Material unverzüglich und bewahren Sie die "
            "zugehörigen Daten (Konto, Protokolle) auf, falls die Polizei sie anfordert. "
            "Bitte geben Sie in Ihrer Antwort unser Aktenzeichen an.",
            reminder="Dies ist eine Erinnerung: Wir haben Sie am %(first_notice_at)s zum "
            "ersten Mal aufgefordert, dieses Material zu entfernen, und bei unserer letzten "
            "Prüfung war es noch online.",
        ),
        ContactKind.POLICE: KindWords(
            subject="Meldung %(reference)s: Darstellungen sexuellen Kindesmissbrauchs, "
            "gehostet in Ihrem Land",
            intro="%(organisation)s ist die Meldestelle für Darstellungen sexuellen "
            "Kindesmissbrauchs (%(country)s). Wir melden Ihnen die folgende URL, die in Ihrem "
            "Land gehostet wird und unter der wir Material gefunden haben, das wir als "
            "Darstellungen sexuellen Kindesmissbrauchs eingestuft haben:",
            request="Wir fordern den Hosting-Anbieter auf, das Material zu entfernen. Falls "
            "es für Ermittlungen online bleiben muss, teilen Sie uns das bitte so bald wie "
            "möglich unter Angabe unseres Aktenzeichens mit.",
            reminder="Dies ist eine Nachverfolgung: Der Hosting-Anbieter wurde am "
            "%(first_notice_at)s zum ersten Mal aufgefordert, das Material zu entfernen, und "
            "es ist weiterhin online.",
        ),
        ContactKind.PARTNER_HOTLINE: KindWords(
            subject="Weiterleitung %(reference)s: Darstellungen sexuellen Kindesmissbrauchs, "
            "gehostet in Ihrem Land",
            intro="%(organisation)s ist die Meldestelle für Darstellungen sexuellen "
            "Kindesmissbrauchs (%(country)s). Eine Meldung an uns betrifft die folgende URL, "
            "die in Ihrem Land gehostet wird und unter der wir Material gefunden haben, das "
            "wir als Darstellungen sexuellen Kindesmissbrauchs eingestuft haben:",
            request="Wir leiten sie an Sie weiter zur Bearbeitung (Notice-and-Takedown) nach "
            "Ihren nationalen Verfahren. Bitte geben Sie in Ihrer Antwort unser Aktenzeichen "
            "an.",
            reminder="Dies ist eine Erinnerung: Wir haben Ihnen diese URL am "
            "%(first_notice_at)s zum ersten Mal weitergeleitet, und bei unserer letzten "
            "Prüfung war das Material noch online.",
        ),
    },
)

WORDS: dict[str, Words] = {"en": EN, "nl": NL, "fr": FR, "de": DE}
