"""Emma's shipping journey (seed 003): a 34-year-old single mother in Newark who ships
fragile pottery from her home business."""

from teekond.journeys.templates_data import E3, STAGE, E, L, P, S, t

TEMPLATE = {
    "key": "emma",
    "title": t("Emma saadab paki", "Emma's shipping journey"),
    "description": t(
        "Kodus keraamikaäri pidav üksikema saadab habraid pakke üle riigi: tellimuse "
        "saamisest paki jälgimiseni.",
        "A single mother with a pottery business at home ships fragile parcels across the "
        "country: from receiving the order to tracking the package.",
    ),
    "personas": [
        {
            "ref": "emma",
            "role": "both",
            "age": 34,
            "et": {
                "name": "Emma",
                "tagline": "Üksikema, kes kasvatab oma kodust keraamikaäri",
                "quote": "Iga katki läinud kauss on minu jaoks kaotatud klient.",
                "gender": "naine",
                "residence": "Newark, New Jersey",
                "partner": "üksikema",
                "children": "tütar (7)",
                "housing": "kahetoaline korter, elutoas keraamikaahi ja pakkimislaud",
                "car": "vana universaal, millega ta pakke postkontorisse viib",
                "social_media": "Instagram (töökoja pildid), Etsy, Facebooki käsitöögrupid",
                "position": "keraamik ja väikeettevõtja",
                "skills": "keraamika, tootefotod, e-pood, klientidega suhtlemine",
                "income": "keskmisest väiksem, kasvab koos e-poega",
                "career_plans": "tahab aasta pärast teenida ainult keraamikast",
                "free_time": "tütrega pargis, õhtuti töökojas",
                "hobbies": "keraamika, taimed",
                "values": "käsitöö väärtus, ausus klientidega, aeg lapsega",
                "goals": "kasvatada äri nii, et tal jääks aega tütrele",
                "obstacles": "aega on vähe; kardab, et habras kaup läheb teel katki ja "
                "klient jätab halva arvustuse",
                "typical_day": "hommikul viib lapse kooli, päeval voolib ja pakib, "
                "pärastlõunal sõidab postkontorisse, õhtul vastab tellimustele",
                "product_usage": "saadab mitu pakki nädalas; tahab kiiret ja kindlat "
                "saatmist ilma järjekorras seismata",
                "expected_experience": "lihtne, ennustatav, habrast kaupa hoidev",
                "drivers": "rahulolevad kliendid ja head arvustused",
                "inspirations": "teised käsitöölised, kes on oma hobist äri teinud",
                "influences": "teiste Etsy müüjate soovitused",
                "irritants": "pikad järjekorrad, ootamatud lisatasud, kadunud pakid",
                "empathy_says": "„Palun olge selle kastiga ettevaatlik.“",
                "empathy_thinks": "„Kas see jõuab terve ja õigel ajal kohale?“",
                "empathy_does": "pakib iga eseme mitmesse kihti, kontrollib jälgimist "
                "mitu korda päevas",
                "empathy_feels": "rõõmu igast tellimusest, ärevust iga saadetisega",
                "empathy_pains": "aeg järjekorras, kahjunõuete keerukus, pakkematerjali "
                "otsa saamine",
                "empathy_gains": "kindlus, et pakk on hoitud; aega lapsele",
            },
            "en": {
                "name": "Emma",
                "tagline": "Single mother growing her in-home pottery business",
                "quote": "Every broken bowl is a customer I lose.",
                "gender": "female",
                "residence": "Newark, New Jersey",
                "partner": "single mother",
                "children": "daughter (7)",
                "housing": "two-room flat, a kiln and a packing table in the living room",
                "car": "an old estate car she drives parcels to the post office in",
                "social_media": "Instagram (studio photos), Etsy, Facebook craft groups",
                "position": "potter and small-business owner",
                "skills": "ceramics, product photos, online shop, talking with customers",
                "income": "below average, growing with the online shop",
                "career_plans": "wants to live from pottery alone within a year",
                "free_time": "at the park with her daughter, evenings in the studio",
                "hobbies": "pottery, house plants",
                "values": "the worth of handmade things, honesty with customers, time "
                "with her child",
                "goals": "grow the business while keeping time for her daughter",
                "obstacles": "little time; fears fragile goods break on the way and the "
                "customer leaves a bad review",
                "typical_day": "takes her child to school, throws and packs pots during "
                "the day, drives to the post office in the afternoon, answers orders at "
                "night",
                "product_usage": "ships several parcels a week; wants fast, reliable "
                "shipping without queueing",
                "expected_experience": "simple, predictable, careful with fragile goods",
                "drivers": "happy customers and good reviews",
                "inspirations": "makers who turned a hobby into a business",
                "influences": "tips from other Etsy sellers",
                "irritants": "long queues, surprise fees, lost parcels",
                "empathy_says": "“Please be careful with this box.”",
                "empathy_thinks": "“Will it arrive whole and on time?”",
                "empathy_does": "wraps each piece in several layers, checks tracking "
                "several times a day",
                "empathy_feels": "joy at every order, anxiety with every shipment",
                "empathy_pains": "time in queues, complicated damage claims, running "
                "out of packing supplies",
                "empathy_gains": "confidence that the parcel is cared for; time for her child",
            },
        }
    ],
    "journeys": [
        {
            "persona": "emma",
            "kind": "holistic",
            "title": t("Emma saadab habrast keraamikat", "Emma ships fragile pottery"),
            "goal": t(
                "Leida, kus saatmine võtab Emmalt liiga palju aega ja närve, ning teha "
                "habraste pakkide saatmine sagedasele saatjale lihtsaks.",
                "Find where shipping costs Emma too much time and nerves, and make shipping "
                "fragile parcels easy for a frequent shipper.",
            ),
            "lanes": [
                L("touchpoints"),
                L("needs", ("Vajadused ja ootused", "Needs & expectations")),
                L("emotion"),
                L("pains", ("Valupunktid", "Pain points")),
                L("front_stage"),
                L("back_stage"),
                L("promise"),
                L("three_es"),
                L("opportunities", ("Võimalused ja ideed", "Opportunities and ideas")),
            ],
            "stages": [
                STAGE(
                    "Tellimuse saamine",
                    "Receive order",
                    S(
                        "Tellimuse teade e-poest",
                        "Order notification from the shop",
                        channel="email",
                        medium="digital",
                        directness="indirect",
                        owned=False,
                        touchpoints=(
                            "Emma saab telefoni teate: Etsy tellimus, kauss Californiasse.",
                            "Emma gets a phone notification: an Etsy order, a bowl to California.",
                        ),
                        needs=(
                            "Teada kohe, palju saatmine maksab ja kui kiiresti see kohale jõuab.",
                            "Know at once what shipping costs and how fast it arrives.",
                        ),
                        emotion=E("excited", "Uus tellimus!", "A new order!"),
                        three_es=E3(5, 5, 5),
                    ),
                    S(
                        "Saatmishinna arvutamine veebis",
                        "Getting a shipping quote online",
                        channel="website",
                        medium="digital",
                        directness="direct",
                        dept=("Veeb ja digiteenused", "Web and digital services"),
                        evidence="interview",
                        touchpoints=(
                            "Sisestab mõõdud ja kaalu kulleri hinnakalkulaatorisse, "
                            "„habras“ valikut ei leia.",
                            "Enters size and weight into the carrier's quote tool, cannot "
                            "find a “fragile” option.",
                        ),
                        needs=(
                            "Kiirem ja lihtsam hinnapäring; eelistused salvestatud, ilma "
                            "klienditeenindajaga rääkimata.",
                            "Quicker and easier quotes, her preferences stored online, "
                            "without speaking to an agent.",
                        ),
                        emotion=E("uneasy", "Kas ma valin õige teenuse?", "Am I choosing right?"),
                        pains=(
                            "Iga kord tuleb kõik uuesti sisestada; erikohtlemise valikud "
                            "on peidus.",
                            "Everything must be typed in again every time; special-care "
                            "options are hidden.",
                        ),
                        front_stage=("Hinnakalkulaator veebis", "Online quote tool"),
                        back_stage=("Hinnastamise reeglid, tariifitabel", "Pricing rules"),
                        promise=P(3, "„Lihtne saata“ – osaliselt", "“Easy to ship” – partly"),
                        three_es=E3(4, 2, 2),
                        opportunities=(
                            "Sagedase saatja profiil: salvestatud mõõdud ja „habras“ vaikimisi.",
                            "Frequent-shipper profile: saved sizes and “fragile” by default.",
                        ),
                    ),
                ),
                STAGE(
                    "Saatmiseks valmistumine",
                    "Prepare for shipment",
                    S(
                        "Pakkematerjali hankimine",
                        "Getting packing supplies",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        owned=False,
                        touchpoints=(
                            "Avastab, et mullikile on otsas; sõidab poodi.",
                            "Finds the bubble wrap has run out; drives to a shop.",
                        ),
                        needs=(
                            "Abi pakkematerjali varu haldamisel (või pakkimisel endal).",
                            "Help managing her packing supplies (or packing the order).",
                        ),
                        emotion=E("annoyed", "Jälle otsas!", "Out again!"),
                        pains=("Kaotab tunni päevast.", "Loses an hour of her day."),
                        three_es=E3(3, 2, 2),
                        opportunities=(
                            "Pakkematerjali tellimus koos saatmisega; karbid koju toodud.",
                            "Order packing supplies with the shipping; boxes delivered home.",
                        ),
                    ),
                    S(
                        "Pakkimine ja saateleht",
                        "Packing and the label",
                        channel="self_service",
                        medium="physical",
                        directness="direct",
                        touchpoints=(
                            "Pakib kausi kolme kihti, kirjutab käsitsi „HABRAS“.",
                            "Wraps the bowl in three layers, writes “FRAGILE” by hand.",
                        ),
                        needs=(
                            "Kindlus, et pakend peab vastu ja kuller näeb erikohtlemise vajadust.",
                            "Confidence the packing holds and the carrier sees it needs care.",
                        ),
                        emotion=E("tense", "Loodetavasti piisab.", "Hopefully this is enough."),
                        front_stage=("Pakkimisjuhend veebis", "Packing guide online"),
                        three_es=E3(3, 3, 2),
                    ),
                ),
                STAGE(
                    "Paki äraandmine",
                    "Drop off package",
                    S(
                        "Järjekord postkontoris",
                        "Queue at the post office",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Postkontorid", "Retail offices"),
                        evidence="observation",
                        touchpoints=(
                            "Seisab 25 minutit järjekorras, laps ootab autos turvatoolis.",
                            "Stands 25 minutes in the queue while her child waits in the car.",
                        ),
                        needs=(
                            "Sujuvam üleandmine, mis vähendab ootamist – kiirjärjekord "
                            "sagedastele saatjatele.",
                            "A smoother handoff with less waiting – an express line for "
                            "frequent shippers.",
                        ),
                        emotion=E(
                            "exhausted",
                            "See võtab terve pärastlõuna.",
                            "It takes the whole afternoon.",
                            -3,
                        ),
                        pains=(
                            "Pikk järjekord; lapse pärast ei saa oodata.",
                            "Long queue; she cannot wait because of her child.",
                        ),
                        front_stage=("Teenindusletid, järjekorrasüsteem", "Counters, queue system"),
                        back_stage=(
                            "Töötajate graafik ei arvesta pärastlõunase tipuga.",
                            "Staff rota ignores the afternoon peak.",
                        ),
                        promise=P(1, "„Kiire teenindus“ ei pea", "“Fast service” broken"),
                        three_es=E3(4, 1, 1),
                        opportunities=(
                            "Pakiautomaat või ekspressluuk eelmakstud pakkidele.",
                            "Parcel locker or express desk for pre-paid parcels.",
                        ),
                    ),
                    S(
                        "Maksmine letis",
                        "Paying at the counter",
                        channel="physical",
                        medium="physical",
                        directness="direct",
                        dept=("Postkontorid", "Retail offices"),
                        touchpoints=(
                            "Teenindaja sisestab kõik uuesti; maksab kaardiga.",
                            "The clerk re-enters everything; she pays by card.",
                        ),
                        needs=(
                            "Võimalus maksta ette, et letis ei peaks tüütut makseprotsessi läbima.",
                            "Pre-pay before drop-off so there is no tedious payment in person.",
                        ),
                        emotion=E("annoyed"),
                        pains=("Topelt sisestamine.", "Double data entry."),
                        back_stage=(
                            "Kassasüsteem ei näe veebitellimust",
                            "Till cannot see web order",
                        ),
                        three_es=E3(4, 2, 2),
                    ),
                ),
                STAGE(
                    "Paki jälgimine",
                    "Track package",
                    S(
                        "Jälgimine veebis",
                        "Tracking online",
                        channel="website",
                        medium="digital",
                        directness="direct",
                        dept=("Veeb ja digiteenused", "Web and digital services"),
                        touchpoints=(
                            "Vaatab jälgimiskoodi mitu korda päevas.",
                            "Checks the tracking code several times a day.",
                        ),
                        needs=(
                            "Ennetav teade, kui habras saadetis on saanud kahjustada.",
                            "Proactive word when a fragile shipment was mishandled.",
                        ),
                        emotion=E("hopeful"),
                        three_es=E3(4, 4, 3),
                    ),
                    S(
                        "Kahjunõude esitamine",
                        "Filing a damage claim",
                        channel="support",
                        medium="digital",
                        directness="direct",
                        dept=("Klienditugi", "Customer support"),
                        evidence="interview",
                        touchpoints=(
                            "Klient saadab pildi katkisest kausist; Emma otsib, kuidas "
                            "kindlustusnõuet esitada.",
                            "The customer sends a photo of a broken bowl; Emma hunts for "
                            "how to file an insurance claim.",
                        ),
                        needs=(
                            "Kergesti leitav info kindlustusnõude esitamiseks.",
                            "Easy-to-find information on filing an insurance claim.",
                        ),
                        emotion=E(
                            "sad", "Kaotasin kausi ja kliendi usalduse.", "Lost a bowl and trust."
                        ),
                        pains=(
                            "Vorm on peidus, vastust tuleb oodata nädalaid.",
                            "The form is hidden, the answer takes weeks.",
                        ),
                        front_stage=("Kahjunõude vorm", "Claim form"),
                        back_stage=("Nõuete käsitlemine käsitsi", "Manual claims handling"),
                        promise=P(2),
                        three_es=E3(2, 1, 1),
                        opportunities=(
                            "Üks nupp jälgimislehel: „Teata kahjust“, vastus 48 tunniga.",
                            "One button on the tracking page: “Report damage”, answer in 48 h.",
                        ),
                    ),
                    S(
                        "Kohalejõudmise teade",
                        "Delivered notice",
                        channel="email",
                        medium="digital",
                        directness="indirect",
                        touchpoints=(
                            "Saab teate, et pakk on kätte toimetatud, ja kliendi tänukirja.",
                            "Gets the delivered notice and a thank-you note from the customer.",
                        ),
                        emotion=E("grateful", "Kõik läks hästi.", "It all went well."),
                        promise=P(4),
                        three_es=E3(5, 4, 4),
                    ),
                ),
            ],
        }
    ],
}
