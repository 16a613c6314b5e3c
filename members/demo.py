"""Demo organisations and participants for the two demo working groups. Idempotent (stable keys)."""

import datetime

from arbeitskreis import languages as language_list
from members import services
from members.models import ConsentMethod, Organization, OrganizationKind, Participant

K = OrganizationKind

ORGANIZATIONS = {
    "landkreis-karlsruhe": [
        ("Landratsamt Karlsruhe, Amt für Integration", K.ADMINISTRATION, "https://www.landkreis-karlsruhe.de"),
        ("Volkshochschule Karlsruhe", K.EDUCATION, ""),
        ("Caritasverband Karlsruhe e. V.", K.WELFARE, ""),
        ("Diakonisches Werk Karlsruhe", K.WELFARE, ""),
        ("Freundeskreis Asyl Bruchsal", K.VOLUNTEER, ""),
        ("Türkischer Elternverein Karlsruhe e. V.", K.MIGRANT_ORG, ""),
        ("Jobcenter Landkreis Karlsruhe", K.EMPLOYMENT, ""),
    ],
    "bielefeld": [
        ("Stadt Bielefeld, Kommunales Integrationszentrum", K.ADMINISTRATION, "https://www.bielefeld.de"),
        ("AWO Kreisverband Bielefeld e. V.", K.WELFARE, ""),
        ("Bildungswerk Bielefeld", K.EDUCATION, ""),
        ("Ukrainischer Verein Bielefeld e. V.", K.MIGRANT_ORG, ""),
        ("Ehrenamtsagentur Bielefeld", K.VOLUNTEER, ""),
        ("Agentur für Arbeit Bielefeld", K.EMPLOYMENT, ""),
    ],
}

# given name, family name, email, organisation (index), function, languages, consent, left_on
PEOPLE = {
    "landkreis-karlsruhe": [
        (
            "Ayşe",
            "Yılmaz",
            "a.yilmaz@landkreis-karlsruhe.example.de",
            0,
            "Integrationsbeauftragte",
            "de,tr",
            True,
            None,
        ),
        (
            "Thomas",
            "Becker",
            "t.becker@vhs-karlsruhe.example.de",
            1,
            "Fachbereich Deutsch als Zweitsprache",
            "de,en",
            True,
            None,
        ),
        ("Karim", "Haddad", "k.haddad@caritas-karlsruhe.example.de", 2, "Migrationsberatung", "ar,de,fr", True, None),
        (
            "Mariam",
            "Al-Sayed",
            "m.alsayed@caritas-karlsruhe.example.de",
            2,
            "Flüchtlingssozialarbeit",
            "ar,de",
            True,
            None,
        ),
        (
            "Olena",
            "Kovalenko",
            "olena.kovalenko@example.net",
            4,
            "Ehrenamtliche Sprachmittlerin",
            "uk,ru,de",
            True,
            None,
        ),
        ("Andrei", "Popescu", "", 5, "Ansprechpartner rumänische Community", "ro,de", False, None),
        (
            "Fatemeh",
            "Ahmadi",
            "f.ahmadi@diakonie-karlsruhe.example.de",
            3,
            "Jugendmigrationsdienst",
            "fa,de,en",
            True,
            None,
        ),
        ("Mehmet", "Öztürk", "", 5, "Vorsitzender", "tr,de", True, None),
        (
            "Petra",
            "Wagner",
            "petra.wagner@jobcenter-ka.example.de",
            6,
            "Teamleitung Markt und Integration",
            "de",
            True,
            None,
        ),
        ("Jonas", "Schneider", "j.schneider@vhs-karlsruhe.example.de", 1, "Integrationskurse", "de,en", True, None),
        ("Reza", "Moradi", "reza.moradi@example.org", 4, "Ehrenamtlicher Lotse", "fa,de", False, None),
        (
            "Ioana",
            "Dumitrescu",
            "i.dumitrescu@landkreis-karlsruhe.example.de",
            0,
            "Sachbearbeiterin",
            "ro,de,en",
            True,
            None,
        ),
        # Names as a municipality's list has them: in Arabic, Persian and Cyrillic script, two without email (they
        # get a printed invitation letter).
        ("محمد", "العلي", "", 2, "Ehrenamtlicher Sprachmittler", "ar,de", True, None),
        ("زهرا", "حسینی", "", 4, "Ehrenamtliche Lotsin", "fa,de", True, None),
        ("Ірина", "Бондар", "iryna.bondar@example.net", 4, "Sprachmittlerin", "uk,ru,de", True, None),
        (
            "Sabine",
            "Krüger",
            "s.krueger@jobcenter-ka.example.de",
            6,
            "Arbeitsvermittlung",
            "de",
            True,
            datetime.date(2025, 3, 31),
        ),
    ],
    "bielefeld": [
        ("Mehmet", "Demir", "m.demir@bielefeld.example.de", 0, "Koordination Integreat", "de,tr", True, None),
        (
            "Natalia",
            "Shevchenko",
            "n.shevchenko@ukr-verein-bielefeld.example.de",
            3,
            "Vorsitzende",
            "uk,ru,de",
            True,
            None,
        ),
        ("Yusuf", "Kaya", "y.kaya@awo-bielefeld.example.de", 1, "Migrationsberatung", "tr,de,ku", True, None),
        ("Layla", "Nasser", "", 4, "Ehrenamtliche Lotsin", "ar,de", False, None),
        ("Anna", "Schmidt", "a.schmidt@bildungswerk-bielefeld.example.de", 2, "Sprachkurse", "de,en", True, None),
        ("Dmytro", "Bondarenko", "", 3, "Beratung Geflüchtete", "uk,ru", True, None),
        ("Shirin", "Rahimi", "s.rahimi@bielefeld.example.de", 0, "Sozialdienst", "fa,de,en", True, None),
        ("Elena", "Ionescu", "elena.ionescu@example.org", 4, "Ehrenamtliche Dolmetscherin", "ro,de", True, None),
        ("Ahmad", "Karimi", "a.karimi@awo-bielefeld.example.de", 1, "Jugendmigrationsdienst", "fa,ps,de", False, None),
        ("Katrin", "Meyer", "k.meyer@arbeitsagentur-bi.example.de", 5, "Berufsberatung", "de,en", True, None),
        ("Omar", "Khalil", "o.khalil@example.net", 4, "Ehrenamtlicher Lotse", "ar,de,en", True, None),
        ("أحمد", "الخطيب", "a.alkhatib@example.org", 1, "Migrationsberatung", "ar,de", True, None),
        ("مریم", "رضایی", "", 4, "Ehrenamtliche Dolmetscherin", "fa,de", True, None),
        ("Дмитро", "Коваль", "", 3, "Ehrenamtlicher Helfer", "uk,ru", True, None),
        (
            "Hanna",
            "Fischer",
            "h.fischer@bielefeld.example.de",
            0,
            "Sachgebietsleitung",
            "de",
            True,
            datetime.date(2025, 6, 30),
        ),
    ],
}


def seed(*, groups, stdout=None):
    """Create or update the demo organisations and participants of each demo working group."""
    for slug, group in groups.items():
        organizations = []
        for name, kind, website in ORGANIZATIONS.get(slug, []):
            organization, _ = Organization.objects.update_or_create(
                working_group=group, name=name, defaults={"kind": kind, "website": website}
            )
            organizations.append(organization)
        people = {}
        for given, family, email, org, function, languages, consent, left_on in PEOPLE.get(slug, []):
            data = {
                "given_name": given,
                "family_name": family,
                "email": email,
                "organization": organizations[org],
                "function": function,
                "languages": language_list.pack(languages.split(",")),
                "consent_given_at": datetime.date(2025, 1, 15) if consent else None,
                "consent_method": ConsentMethod.IN_PERSON if consent else "",
            }
            participant = group.participants.filter(given_name=given, family_name=family).first()
            if participant is None:
                participant = services.create_participant(group=group, data=data)
            else:
                services.update_participant(participant=participant, data=data)
                if not participant.token:
                    services.rotate_token(participant=participant)
            if left_on and participant.left_on != left_on:
                services.mark_left(participant=participant, left_on=left_on)
            elif not left_on and participant.left_on:
                services.mark_returned(participant=participant)
            people[family] = participant
        # A substitute ("vertritt"): the second person of the same organisation stands in for the first.
        stand_ins = {"landkreis-karlsruhe": ("Al-Sayed", "Haddad"), "bielefeld": ("Bondarenko", "Shevchenko")}
        if slug in stand_ins:
            substitute, represented = stand_ins[slug]
            Participant.objects.filter(pk=people[substitute].pk).update(represents=people[represented])
        if stdout:
            stdout.write(f"  {group.name}: {len(people)} Teilnehmende, {len(organizations)} Organisationen")
