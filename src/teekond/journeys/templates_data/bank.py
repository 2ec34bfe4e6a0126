"""A bank visit (seed 003): customers felt the bank was formal, distant and impersonal and
a little afraid; the strategy brought the bank closer (photos of a hobby and the family on
every desk, the branch manager introduced in passing). A service blueprint."""

from teekond.journeys.templates_data import STAGE, E, L, P, S, t

TEMPLATE = {
    "key": "bank",
    "title": t("Pangakontori külastus", "A visit to the bank branch"),
    "description": t(
        "Kodulaenu taotlus kontoris: pank tundus formaalne ja kauge; teenusplaan koos "
        "eesliini, tagatoa ja tugiprotsessidega.",
        "Applying for a home loan at a branch: the bank felt formal and distant; a service "
        "blueprint with front stage, back stage and support processes.",
    ),
    "personas": [
        {
            "ref": "borrower",
            "role": "both",
            "age": 33,
            "et": {
                "name": "Jaan",
                "tagline": "Noor isa, kes taotleb kodulaenu",
                "quote": "Ma ei taha laenu. Ma tahan kodu, kus lapsed saavad turvaliselt kasvada.",
                "gender": "mees",
                "residence": "Pärnu",
                "partner": "abielus",
                "children": "tütar (2), teine laps tulekul",
                "housing": "üürikorter, otsib maja",
                "position": "elektrik",
                "income": "keskmine",
                "values": "pere, turvalisus, ausus",
                "goals": "oma kodu enne teise lapse sündi",
                "obstacles": "pangakeel on võõras; kardab eitavat vastust",
                "product_usage": "käib pangas harva; laen on elu suurim otsus",
                "expected_experience": "inimlik, selge, julgustav",
                "irritants": "ametlik toon, võõrsõnad, ootamine",
                "empathy_says": "„Kas me saame selle laenu?“",
                "empathy_thinks": "„Kas nad vaatavad mind kui numbrit?“",
                "empathy_does": "kogub dokumente, arvutab kodus eelarvet",
                "empathy_feels": "lootust ja hirmu",
                "empathy_pains": "formaalne ja kauge pank",
                "empathy_gains": "kodu oma perele",
            },
            "en": {
                "name": "Jaan",
                "tagline": "A young father applying for a home loan",
                "quote": "I don't want a loan. I want a home where my kids can grow up safe.",
                "gender": "male",
                "residence": "Pärnu",
                "partner": "married",
                "children": "daughter (2), a second child on the way",
                "housing": "rented flat, looking for a house",
                "position": "electrician",
                "income": "average",
                "values": "family, security, honesty",
                "goals": "a home of their own before the second child is born",
                "obstacles": "bank language is foreign to him; fears a refusal",
                "product_usage": "rarely visits a bank; the loan is his life's biggest decision",
                "expected_experience": "human, clear, encouraging",
                "irritants": "official tone, jargon, waiting",
                "empathy_says": "“Will we get this loan?”",
                "empathy_thinks": "“Do they see me as a number?”",
                "empathy_does": "gathers documents, works out a budget at home",
                "empathy_feels": "hope and fear",
                "empathy_pains": "a formal, distant bank",
                "empathy_gains": "a home for his family",
            },
        }
    ],
    "journeys": [
        {
            "persona": "borrower",
            "kind": "service_blueprint",
            "title": t("Kodulaenu taotlemine kontoris", "Applying for a home loan at a branch"),
            "goal": t(
                "Tuua pank kliendile lähemale: asendada formaalsus ja hirm usalduse ja "
                "inimlikkusega.",
                "Bring the bank closer to the customer: replace formality and fear with "
                "trust and warmth.",
            ),
            "lanes": [
                L("touchpoints"),
                L("needs"),
                L("emotion"),
                L("context"),
                L("pains"),
                L("front_stage"),
                L("back_stage"),
                L("support"),
                L("promise"),
                L("opportunities"),
            ],
            "stages": [
                STAGE(
                    "Aja broneerimine",
                    "Booking a meeting",
                    S(
                        "Broneering internetipangas",
                        "Booking in the online bank",
                        channel="website",
                        medium="digital",
                        directness="direct",
                        dept=("Digipangandus", "Digital banking"),
                        touchpoints=(
                            "Valib kodulaenu konsultatsiooni aja.",
                            "Books a home-loan consultation.",
                        ),
                        needs=("Mida kaasa võtta?", "What should I bring?"),
                        emotion=E("hopeful"),
                        front_stage=("Broneerimisvorm", "Booking form"),
                        back_stage=("Nõustajate kalender", "Advisers' calendar"),
                        support=("Kalendrisüsteem", "Calendar system"),
                    ),
                    S(
                        "Kinnituskiri",
                        "Confirmation e-mail",
                        channel="email",
                        medium="digital",
                        directness="direct",
                        dept=("Digipangandus", "Digital banking"),
                        touchpoints=(
                            "Saab kirja 14 lisaga ja juriidilise tekstiga.",
                            "Gets an e-mail with 14 attachments and legal text.",
                        ),
                        pains=(
                            "Juriidiline keel; pole selge, mis on kohustuslik.",
                            "Legal language; unclear what is required.",
                        ),
                        emotion=E("uneasy", "Mida see kõik tähendab?", "What does it all mean?"),
                        promise=P(2),
                        opportunities=(
                            "Lihtne kontrollnimekiri ja nõustaja foto kirjas.",
                            "A simple checklist and the adviser's photo in the e-mail.",
                        ),
                    ),
                ),
                STAGE(
                    "Kontoris",
                    "At the branch",
                    S(
                        "Saabumine ja ootamine",
                        "Arrival and waiting",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Kontorivõrk", "Branch network"),
                        evidence="observation",
                        touchpoints=(
                            "Võtab järjekorranumbri, ootab külmas ootesaalis.",
                            "Takes a queue ticket, waits in a cold waiting hall.",
                        ),
                        pains=(
                            "Külm ja ametlik ootesaal; keegi ei tervita.",
                            "A cold, official waiting hall; nobody says hello.",
                        ),
                        emotion=E("alienated", "Kõik on hall ja ametlik.", "Everything is grey."),
                        context=(
                            "Marmorpõrand, klaasseinad, turvamees, vaikus.",
                            "Marble floor, glass walls, a guard, silence.",
                        ),
                        front_stage=("Ootesaal, järjekorraekraan", "Waiting hall, queue screen"),
                        back_stage=("Nõustaja valmistab ette kliendi faili", "Adviser prepares"),
                        promise=P(2),
                    ),
                    S(
                        "Kohtumine nõustajaga",
                        "Meeting the adviser",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Kodulaenud", "Home loans"),
                        evidence="interview",
                        touchpoints=(
                            "Nõustaja laua taga; laud on tühi, jutt formaalne ja kauge.",
                            "At the adviser's desk; the desk is bare, the talk formal and distant.",
                        ),
                        needs=(
                            "Tunda, et teda nähakse inimese, mitte numbrina.",
                            "To feel seen as a person, not a number.",
                        ),
                        pains=(
                            "Pank tundub formaalne, kauge ja mitte-personaalne.",
                            "The bank feels formal, distant and impersonal.",
                        ),
                        emotion=E("afraid", "Natuke hirmus.", "A little frightening."),
                        context=("Tühi laud, arvutiekraan vahel", "A bare desk, a screen between"),
                        front_stage=(
                            "Nõustaja, laud, laenukalkulaator",
                            "Adviser, desk, calculator",
                        ),
                        back_stage=("Krediidiskoori päring", "Credit score check"),
                        support=("Krediidiregister, laenusüsteem", "Credit register, loan system"),
                        promise=P(
                            1, "„Pank on sinu kõrval“ ei pea", "“The bank by your side” broken"
                        ),
                        opportunities=(
                            "Iga teenindaja laual kliendile nähtavad kaks fotot: hobist ja perest.",
                            "Two photos on every adviser's desk, visible to the customer: a "
                            "hobby and the family.",
                        ),
                    ),
                    S(
                        "Kontorijuhi möödumine",
                        "The branch manager stops by",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Kontorivõrk", "Branch network"),
                        touchpoints=(
                            "Kontorijuht astub läbi; nõustaja tutvustab klienti ja juhti paari "
                            "lausega.",
                            "The branch manager passes by; the adviser introduces customer and "
                            "manager in a few sentences.",
                        ),
                        emotion=E("friendly"),
                        front_stage=("Kontorijuht saalis", "Manager on the floor"),
                        back_stage=(
                            "Juhi päevakavas on aeg saalis käimiseks.",
                            "The manager's day has time for walking the floor.",
                        ),
                        promise=P(4),
                    ),
                ),
                STAGE(
                    "Otsus",
                    "Decision",
                    S(
                        "Laenuotsuse ootamine",
                        "Waiting for the decision",
                        channel="app",
                        medium="digital",
                        directness="direct",
                        dept=("Krediidiosakond", "Credit department"),
                        touchpoints=(
                            "Kontrollib äpis taotluse staatust.",
                            "Checks the application status in the app.",
                        ),
                        pains=(
                            "Staatus „menetluses“ nädal aega, ilma selgituseta.",
                            "Status “in progress” for a week, with no explanation.",
                        ),
                        emotion=E("tense"),
                        back_stage=("Krediidikomitee", "Credit committee"),
                        support=("Taotluste töövoog", "Application workflow"),
                        opportunities=(
                            "Staatus samm-sammult koos eeldatava ajaga.",
                            "Step-by-step status with an expected time.",
                        ),
                    ),
                    S(
                        "Positiivne otsus",
                        "A positive decision",
                        channel="phone",
                        medium="physical",
                        directness="direct",
                        dept=("Kodulaenud", "Home loans"),
                        touchpoints=(
                            "Nõustaja helistab ise ja õnnitleb.",
                            "The adviser calls in person to congratulate.",
                        ),
                        emotion=E("joyful"),
                        promise=P(5),
                    ),
                ),
                STAGE(
                    "Lepingu sõlmimine",
                    "Signing",
                    S(
                        "Notar ja leping",
                        "Notary and contract",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        owned=False,
                        touchpoints=(
                            "Allkirjastab notaris laenu- ja ostulepingu.",
                            "Signs the loan and purchase contracts at the notary.",
                        ),
                        emotion=E("excited"),
                        back_stage=("Tagatise registreerimine", "Registering the collateral"),
                    ),
                    S(
                        "Tervituskink uude koju",
                        "A welcome gift for the new home",
                        channel="packaging",
                        medium="physical",
                        directness="direct",
                        dept=("Kliendikogemus", "Customer experience"),
                        touchpoints=(
                            "Pank saadab uude koju käsitööna tehtud uksesildi.",
                            "The bank sends a handmade door sign to the new home.",
                        ),
                        emotion=E("grateful"),
                        promise=P(5),
                    ),
                ),
            ],
        }
    ],
}
