"""App development (seed 003): Research → Comparison → Workshop → Quote → Sign-off, with
typical questions, emotions and a "we need to…" lane; a B2B buyer with an ideal customer
profile."""

from teekond.journeys.templates_data import E3, STAGE, E, L, S, t

TEMPLATE = {
    "key": "app_development",
    "title": t("Rakenduse arendus (B2B)", "App development (B2B)"),
    "description": t(
        "Ettevõtja tellib mobiilirakenduse: tüüpilised küsimused, emotsioonid ja „me peame…“.",
        "An entrepreneur commissions a mobile app: typical questions, emotions and “we need to…”.",
    ),
    "personas": [
        {
            "ref": "founder",
            "role": "decision_maker",
            "age": 42,
            "company_employees": 12,
            "et": {
                "name": "Andres",
                "tagline": "Väikeettevõtte omanik, kellel on idee rakenduseks",
                "quote": "Mul on idee, aga ma ei tea, kust alustada – ja kui palju see maksab.",
                "gender": "mees",
                "residence": "Tallinn",
                "partner": "abielus",
                "children": "kaks last",
                "education": "ärijuhtimine",
                "position": "spordiklubide keti omanik ja juht",
                "skills": "müük, inimeste juhtimine",
                "income": "hea",
                "career_plans": "viia klubide broneerimine rakendusse ja laieneda Lätti",
                "values": "usaldus, otsekohesus, tulemus",
                "goals": "rakendus, mis toob liikmeid juurde ja vähendab kõnesid klienditoele",
                "obstacles": "ei tunne tehnoloogiat; kardab raha raisata ja ideed kaotada",
                "product_usage": "tellib arenduse, otsustab eelarve ja kinnitab tulemuse",
                "expected_experience": "aus nõu, selged kulud, vähe üllatusi",
                "drivers": "konkurendid on juba äpis",
                "influences": "partnerid, perekond, teiste ettevõtjate kogemus",
                "irritants": "žargoon, ebamäärased hinnad, vaikus pärast lepingut",
                "company_turnover": "1,8 miljonit eurot",
                "company_location": "Tallinn ja Tartu, 4 klubi",
                "tech_capability": "madal: veebileht ja broneerimistabel, IT-d sisseostetud",
                "empathy_says": "„Kui palju see maksab ja millal valmis saab?“",
                "empathy_thinks": "„Kas ma tahan seda hüpet päriselt teha?“",
                "empathy_does": "googeldab, võrdleb arendajaid, küsib partneritelt",
                "empathy_feels": "entusiasmi ja ebakindlust",
                "empathy_pains": "ei oska kvaliteeti hinnata",
                "empathy_gains": "edukas rakendus ja uued kliendid",
            },
            "en": {
                "name": "Andres",
                "tagline": "A small-business owner with an idea for an app",
                "quote": "I have an idea but no idea where to start – or what it costs.",
                "gender": "male",
                "residence": "Tallinn",
                "partner": "married",
                "children": "two children",
                "education": "business administration",
                "position": "owner and manager of a chain of sports clubs",
                "skills": "sales, leading people",
                "income": "good",
                "career_plans": "move club bookings into an app and expand to Latvia",
                "values": "trust, straight talk, results",
                "goals": "an app that brings members and cuts calls to customer support",
                "obstacles": "does not know technology; fears wasting money and losing the idea",
                "product_usage": "commissions the work, sets the budget, signs off the result",
                "expected_experience": "honest advice, clear costs, few surprises",
                "drivers": "competitors already have apps",
                "influences": "business partners, family, other entrepreneurs",
                "irritants": "jargon, vague prices, silence after signing",
                "company_turnover": "EUR 1.8 million",
                "company_location": "Tallinn and Tartu, 4 clubs",
                "tech_capability": "low: a website and a booking spreadsheet, IT bought in",
                "empathy_says": "“What will it cost and when is it ready?”",
                "empathy_thinks": "“Do I really want to take this leap?”",
                "empathy_does": "googles, compares developers, asks his partners",
                "empathy_feels": "enthusiasm and uncertainty",
                "empathy_pains": "cannot judge quality",
                "empathy_gains": "a successful app and new customers",
            },
        }
    ],
    "journeys": [
        {
            "persona": "founder",
            "kind": "holistic",
            "title": t("Ettevõtja tellib mobiilirakenduse", "An entrepreneur commissions an app"),
            "goal": t(
                "Mõista, mida tellija igas etapis küsib ja tunneb, ning mida meie peame "
                "tegema, et ta valiks meid ja jääks rahule.",
                "Understand what the buyer asks and feels at each stage and what we need to "
                "do so they choose us and stay happy.",
            ),
            "lanes": [
                L("touchpoints"),
                L("needs", ("Tüüpilised küsimused", "Typical questions")),
                L("emotion", ("Emotsioonid/tunded", "Emotions/feelings")),
                L("custom", ("Me peame…", "We need to…"), ref="we_need_to"),
                L("pains"),
                L("three_es"),
                L("opportunities"),
            ],
            "stages": [
                STAGE(
                    "Uurimine",
                    "Research",
                    S(
                        "Googeldamine",
                        "Googling",
                        channel="website",
                        medium="digital",
                        directness="indirect",
                        owned=False,
                        touchpoints=(
                            "Otsib „kuidas teha äpp“ ja „äpi arendus hind“.",
                            "Searches “how to make an app” and “app development cost”.",
                        ),
                        needs=(
                            "Kuidas äppi teha? Millist platvormi kasutada? Kui palju see "
                            "maksab? Kuidas oma ideed kaitsta?",
                            "How do I make an app? What platform should I use? How much does "
                            "it cost? How do I protect my idea?",
                        ),
                        emotion=E(
                            "excited",
                            "Uudishimulik. Kaitsev. Entusiastlik. Tahaks kohe alustada.",
                            "Curious. Protective. Enthusiastic. Keen to rush in.",
                        ),
                        we_need_to=(
                            "Olla nähtav, et meid leitaks. Anda kindlustunne meie kui "
                            "ettevõtte suhtes ja põhjus meiega ühendust võtta.",
                            "Be present, ensure that we are found. Give confidence in us as a "
                            "company and give them reason to contact us.",
                        ),
                        three_es=E3(3, 3, 4),
                    ),
                    S(
                        "Meie blogipostitus",
                        "Our blog post",
                        channel="website",
                        medium="digital",
                        directness="direct",
                        dept=("Turundus", "Marketing"),
                        touchpoints=(
                            "Leiab meie artikli „Äpi hind: 7 asja, mis seda mõjutavad“.",
                            "Finds our article “App cost: 7 things that drive it”.",
                        ),
                        needs=(
                            "Kas need inimesed teavad, millest räägivad?",
                            "Do they know their stuff?",
                        ),
                        emotion=E("hopeful"),
                        we_need_to=(
                            "Vastata ausalt hinnaküsimusele ja kutsuda tasuta konsultatsioonile.",
                            "Answer the cost question honestly and invite a free consultation.",
                        ),
                        three_es=E3(4, 4, 4),
                    ),
                ),
                STAGE(
                    "Võrdlemine",
                    "Comparison",
                    S(
                        "Arendajate portfooliod",
                        "Developers' portfolios",
                        channel="website",
                        medium="digital",
                        directness="direct",
                        dept=("Müük", "Sales"),
                        touchpoints=(
                            "Võrdleb kolme arendaja kodulehte ja töid.",
                            "Compares three developers' websites and work.",
                        ),
                        needs=(
                            "Mida arendaja juures vaadata? Hind vs kvaliteet? Kellega nad on "
                            "varem töötanud? Mida nad oskavad?",
                            "What should I look for in an app developer? Cost vs quality? "
                            "Who have they worked with before? What are their capabilities?",
                        ),
                        emotion=E(
                            "uneasy",
                            "Kaalutlev. Subjektiivne. Ebakindel. Kaalub plusse ja miinuseid – "
                            "aeg, raha, kvaliteet.",
                            "Discretionary. Subjective. Unsure. Weighing up pros and cons – "
                            "time, money and quality.",
                        ),
                        we_need_to=(
                            "Selgitada äpiarenduse protsessi ja head tava, näidata varasemaid "
                            "edulugusid. Olla avatud ja aus.",
                            "Explain the process of app development, best practices and show "
                            "our past success stories. Be open, honest.",
                        ),
                        pains=(
                            "Portfooliod ei ütle midagi tulemuste kohta.",
                            "Portfolios say nothing about results.",
                        ),
                        three_es=E3(3, 2, 2),
                        opportunities=(
                            "Juhtumiuuringud numbritega (liikmete kasv, kõnede vähenemine).",
                            "Case studies with numbers (members gained, calls reduced).",
                        ),
                    ),
                    S(
                        "Referentskõne",
                        "Reference call",
                        channel="phone",
                        medium="physical",
                        directness="direct",
                        owned=False,
                        evidence="interview",
                        touchpoints=(
                            "Helistab meie endisele kliendile.",
                            "Calls one of our former clients.",
                        ),
                        needs=("Kas nad pidasid tähtaegadest kinni?", "Did they keep deadlines?"),
                        emotion=E("confident"),
                        we_need_to=(
                            "Hoida häid suhteid endiste klientidega, kes meid soovitavad.",
                            "Keep good relations with past clients who recommend us.",
                        ),
                        three_es=E3(4, 4, 4),
                    ),
                ),
                STAGE(
                    "Töötuba",
                    "Workshop",
                    S(
                        "Avastustöötuba",
                        "Discovery workshop",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Disain", "Design"),
                        touchpoints=(
                            "Pool päeva meie kontoris: kasutajateekond, ekraanivisandid, riskid.",
                            "Half a day at our office: user journey, screen sketches, risks.",
                        ),
                        needs=(
                            "Kuidas ma tean, et äpp on edukas? Kes on tooteomanik ja otsustaja?",
                            "How do I know the app will be successful? Who will be the "
                            "product owner/decision maker?",
                        ),
                        emotion=E(
                            "inspired",
                            "Innukas. Inspireeritud. Saab uue arusaama vajalikust tööst.",
                            "Eager. Inspired. Has a new comprehension of the workload required.",
                        ),
                        we_need_to=(
                            "Aidata päriselt mõista, mida see hõlmab – miski pole üleöö edu. "
                            "Kinnitada, et juhatame teda kogu protsessi vältel.",
                            "Get them to really understand what is involved – that nothing is "
                            "an overnight success. Establish that we will be there to guide "
                            "them through the process.",
                        ),
                        three_es=E3(5, 4, 5),
                    ),
                    S(
                        "Töötoa kokkuvõte",
                        "Workshop summary",
                        channel="email",
                        medium="digital",
                        directness="direct",
                        dept=("Disain", "Design"),
                        touchpoints=(
                            "Saab kokkuvõtte ja esimese prototüübi lingi.",
                            "Receives a summary and a link to the first prototype.",
                        ),
                        emotion=E("engaged"),
                        we_need_to=(
                            "Saata kokkuvõte 24 tunni jooksul, kuni elevus kestab.",
                            "Send the summary within 24 hours while the excitement lasts.",
                        ),
                        three_es=E3(4, 5, 4),
                    ),
                ),
                STAGE(
                    "Hinnapakkumine",
                    "Quote",
                    S(
                        "Hinnapakkumise saamine",
                        "Receiving the quote",
                        channel="email",
                        medium="digital",
                        directness="direct",
                        dept=("Müük", "Sales"),
                        touchpoints=(
                            "Saab 40-leheküljelise pakkumise PDF-ina.",
                            "Gets a 40-page quote as a PDF.",
                        ),
                        needs=(
                            "Kuidas see võrreldes teistega on? Millised muud "
                            "ärivõimalused mul on? Kas ma tahan seda hüpet päriselt teha? "
                            "Kuidas ma seda rahastan?",
                            "How does this compare? What other business opportunities do I "
                            "have? Do I really want to take this leap? How will I fund this?",
                        ),
                        emotion=E(
                            "afraid",
                            "Vaatab üle varasemad ideed. Põhjendab otsust partneritele või "
                            "perele. Kinnitab endale, et see on õige samm.",
                            "Revisiting prior ideas or options. Justifying their decisions "
                            "with business partners or family. Validating internally that it "
                            "is the right move to make.",
                        ),
                        we_need_to=(
                            "Näidata, miks oleme selleks tööks parim meeskond, ja põhjendada "
                            "hinda faktidega. Küsimused on oodatud.",
                            "Display why we are the best team for the job and justify our "
                            "pricing with substantiated information. Welcome questions.",
                        ),
                        pains=(
                            "Pakkumine on pikk ja tehniline; summa ehmatab.",
                            "The quote is long and technical; the total is a shock.",
                        ),
                        three_es=E3(3, 2, 1),
                        opportunities=(
                            "Üheleheküljeline kokkuvõte, etappideks jagatud hind ja kõne "
                            "pakkumise läbirääkimiseks.",
                            "A one-page summary, a price split into phases and a call to walk "
                            "through the quote.",
                        ),
                    ),
                    S(
                        "Läbirääkimine",
                        "Negotiation",
                        channel="phone",
                        medium="physical",
                        directness="direct",
                        dept=("Müük", "Sales"),
                        touchpoints=(
                            "Arutame ulatust: esimene versioon ainult broneerimisega.",
                            "We discuss scope: a first version with bookings only.",
                        ),
                        emotion=E("calm"),
                        we_need_to=(
                            "Pakkuda väiksemat esimest sammu, mis tõestab väärtust.",
                            "Offer a smaller first step that proves the value.",
                        ),
                        three_es=E3(4, 3, 3),
                    ),
                ),
                STAGE(
                    "Kinnitamine",
                    "Sign-off",
                    S(
                        "Lepingu allkirjastamine",
                        "Signing the contract",
                        channel="self_service",
                        medium="digital",
                        directness="direct",
                        dept=("Müük", "Sales"),
                        touchpoints=(
                            "Allkirjastab lepingu digitaalselt.",
                            "Signs the contract digitally.",
                        ),
                        needs=(
                            "Mida veel pean ettevõtte jaoks korraldama? Millal saan valmis toote?",
                            "What else do I need to do to set up the business? When will I "
                            "get my finished product?",
                        ),
                        emotion=E(
                            "tense",
                            "Optimistlik. Närviline/ärev. Tahab tulemusi näha võimalikult ruttu.",
                            "Optimistic. Nervous/anxious. Keen to see results ASAP.",
                        ),
                        we_need_to=(
                            "Seada selged ootused. Hoida teda asjakohase infoga kursis. "
                            "Suhelda sageli. Küsida tagasisidet, et kõik oleksid rahul ja "
                            "ühel lainel.",
                            "Set clear expectations. Keep them informed with relevant "
                            "information. Communicate frequently. Ask for feedback on how "
                            "we're doing to ensure everyone is happy and on the same page.",
                        ),
                        three_es=E3(4, 4, 3),
                    ),
                    S(
                        "Projekti avakoosolek",
                        "Project kick-off",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Projektijuhtimine", "Project management"),
                        touchpoints=(
                            "Kohtub meeskonnaga, saab ajakava ja iganädalase demo kutse.",
                            "Meets the team, gets the schedule and a weekly demo invite.",
                        ),
                        emotion=E("hopeful", "Nüüd see päriselt algab.", "Now it really begins."),
                        we_need_to=(
                            "Näidata esimest töötavat ekraani juba teisel nädalal.",
                            "Show the first working screen in week two.",
                        ),
                        three_es=E3(5, 4, 4),
                    ),
                ),
            ],
        }
    ],
}
